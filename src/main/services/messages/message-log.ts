import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { MESSAGE_PAGE_SIZE, type MessagePage, type MessagePageInput } from '#shared/ipc/message-log';
import type { Db } from '../../db/open-database';
import { appointments, clinicSlots, messages, participants } from '../../db/schema';
import { startOfLocalDay } from '../local-day';
import { selectMessages, toSummary } from '../views';

/**
 * Ten digits (spaces allowed) are an NHS number; anything else is taken as an accession number, which
 * the app always writes in capitals: comparing the capitalised search keeps the unique index usable.
 */
function searchCondition(search: string) {
  const digits = search.replace(/\s+/g, '');
  if (/^\d{10}$/.test(digits)) return eq(participants.nhsNumber, digits);
  return eq(appointments.accessionNumber, search.toUpperCase());
}

/** One page of the message log, newest first, with the cursor for the next (older) page. */
export function listMessagePage(db: Db, input: MessagePageInput): MessagePage {
  const limit = input.limit ?? MESSAGE_PAGE_SIZE;
  const rows = selectMessages(db)
    .where(
      and(
        input.before !== undefined ? lt(sql`${messages}.rowid`, input.before) : undefined,
        input.clinicId ? eq(clinicSlots.clinicId, input.clinicId) : undefined,
        input.status ? eq(messages.status, input.status) : undefined,
        input.type ? eq(messages.type, input.type) : undefined,
        input.gatewayId ? eq(messages.gatewayId, input.gatewayId) : undefined,
        input.from ? gte(messages.createdAt, startOfLocalDay(input.from)) : undefined,
        input.to ? lt(messages.createdAt, startOfLocalDay(input.to, 1)) : undefined,
        input.search ? searchCondition(input.search) : undefined,
      ),
    )
    .orderBy(desc(sql`${messages}.rowid`))
    // One row more than the page tells whether an older page exists without counting them all.
    .limit(limit + 1)
    .all();
  const page = rows.slice(0, limit);
  return {
    messages: page.map(toSummary),
    nextBefore: rows.length > limit ? (page.at(-1)?.seq ?? null) : null,
  };
}
