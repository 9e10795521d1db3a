import { formatNhsNumber } from '#shared/domain/nhs-number';
import {
  IMPORT_ERROR_LIMIT,
  IMPORT_PREVIEW_ROWS,
  type ImportInput,
  type ImportPreview,
  type ImportProgress,
  type ImportResult,
} from '#shared/ipc/clinic-import';
import { readClinicListCsv, type ReadFile } from '../clinic-import/csv-clinic-list';
import { readExistingBookings } from '../clinic-import/existing-bookings';
import { readClinicListBundle } from '../clinic-import/fhir-clinic-list';
import { planImport, slotStart, type ImportPlan, type StartTimes } from '../clinic-import/import-plan';
import { checkRow, type CheckedRow } from '../clinic-import/import-row';
import { writePlan } from '../clinic-import/import-writer';
import { localDate } from '../db/seed/local-time';
import { appendAudit } from './audit/audit';
import type { ServiceContext } from './context';
import { DomainError } from './errors';

/** Rows checked between yields: small enough that other calls are answered while a large file is checked. */
const CHECK_CHUNK = 250;

interface CheckedFile {
  format: 'csv' | 'fhir';
  rows: CheckedRow[];
  rowCount: number;
  errors: string[];
  rowsWithErrors: number;
  times: StartTimes;
}

/** JSON (a FHIR Bundle) starts with `{`; anything else is read as CSV. */
function formatOf(text: string): 'csv' | 'fhir' {
  return /^\uFEFF?\s*\{/.test(text) ? 'fhir' : 'csv';
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Reads and checks every row, a chunk at a time, telling the renderer how far it has got. */
async function checkFile(ctx: ServiceContext, input: ImportInput): Promise<CheckedFile> {
  const format = formatOf(input.text);
  const file: ReadFile = format === 'fhir' ? readClinicListBundle(input.text) : readClinicListCsv(input.text);
  const today = localDate(ctx.now(), 'Europe/London');
  const checked: CheckedFile = {
    format,
    rows: [],
    rowCount: file.rows.length + file.fileErrors.length,
    errors: [...file.fileErrors],
    rowsWithErrors: file.fileErrors.length,
    times: new Map(),
  };
  const progress = (phase: ImportProgress['phase'], done: number) =>
    ctx.events.emit('clinicImport.progress', { runId: input.runId, phase, done, total: file.rows.length });
  for (let start = 0; start < file.rows.length; start += CHECK_CHUNK) {
    for (const raw of file.rows.slice(start, start + CHECK_CHUNK)) {
      const result = checkRow(raw, today);
      if ('row' in result) {
        checked.rows.push(result.row);
        slotStart(checked.times, result.row.clinicDate, result.row.time);
      } else {
        checked.errors.push(...result.problems);
        checked.rowsWithErrors++;
      }
    }
    progress('checking', Math.min(start + CHECK_CHUNK, file.rows.length));
    await yieldToEventLoop();
  }
  return checked;
}

function planFor(ctx: ServiceContext, file: CheckedFile): ImportPlan {
  const dates = [...new Set(file.rows.map((r) => r.clinicDate))];
  const nhsNumbers = [...new Set(file.rows.map((r) => r.nhsNumber))];
  return planImport(file.rows, readExistingBookings(ctx.db, dates, nhsNumbers), file.times);
}

function toPreview(input: ImportInput, file: CheckedFile, plan: ImportPlan): ImportPreview {
  const errors = [...file.errors, ...plan.errors];
  const count = (outcome: string) => plan.rows.filter((p) => p.outcome === outcome).length;
  return {
    format: file.format,
    fileName: input.fileName,
    counts: {
      rows: file.rowCount,
      create: count('create'),
      update: count('update'),
      unchanged: count('unchanged'),
      errors: file.rowsWithErrors + plan.rowsWithErrors,
    },
    newClinics: plan.newClinics.map(({ date, name, location, appointments }) => ({
      date,
      name,
      location,
      appointments,
    })),
    notInFile: plan.notInFile,
    firstRows: plan.rows.slice(0, IMPORT_PREVIEW_ROWS).map(({ row, outcome, note }) => ({
      where: row.where,
      outcome,
      clinicDate: row.clinicDate,
      clinicName: row.clinicName,
      time: row.time,
      participantName: `${row.givenName} ${row.familyName}`,
      nhsNumber: formatNhsNumber(row.nhsNumber),
      note,
    })),
    errors: errors.slice(0, IMPORT_ERROR_LIMIT).map((message) => {
      const where = /^(?:Row|Entry) \d+(?=: )/.exec(message)?.[0];
      return where ? { where, message: message.slice(where.length + 2) } : { where: 'The file', message };
    }),
    errorsNotShown: Math.max(0, errors.length - IMPORT_ERROR_LIMIT),
  };
}

/** The dry run: what importing the file would create, update and leave, and every row's problems. */
export async function previewClinicImport(ctx: ServiceContext, input: ImportInput): Promise<ImportPreview> {
  const file = await checkFile(ctx, input);
  const preview = toPreview(input, file, planFor(ctx, file));
  ctx.events.emit('clinicImport.progress', {
    runId: input.runId,
    phase: 'done',
    done: file.rows.length,
    total: file.rows.length,
  });
  return preview;
}

/**
 * Imports the file's valid rows in one transaction, deciding again inside it (what the preview showed
 * may have changed since), with one audit entry: who, the file's name and the counts, never names or
 * NHS numbers. Importing the same file again finds every appointment already there and changes nothing.
 */
export async function commitClinicImport(ctx: ServiceContext, input: ImportInput): Promise<ImportResult> {
  const file = await checkFile(ctx, input);
  const total = file.rows.length;
  ctx.events.emit('clinicImport.progress', { runId: input.runId, phase: 'writing', done: 0, total });
  const importId = ctx.newId();
  const at = ctx.now();
  try {
    const plan = ctx.db.transaction((tx) => {
      const decided = planFor(ctx, file);
      if (decided.newClinics.length > 0 && !decided.providerId)
        throw new DomainError('conflict', decided.errors[0] ?? 'No provider for the new clinics.');
      writePlan(ctx.db, decided, at.toISOString(), ctx.newId);
      const preview = toPreview(input, file, decided);
      appendAudit(tx, {
        at,
        actor: ctx.actor,
        action: 'clinic.listImported',
        entityType: 'clinic-import',
        entityId: importId,
        details: {
          fileName: input.fileName,
          format: file.format,
          ...preview.counts,
          clinicsAdded: decided.newClinics.length,
          notInFile: decided.notInFile,
        },
      });
      return decided;
    });
    ctx.events.emit('clinicImport.progress', { runId: input.runId, phase: 'done', done: total, total });
    return { ...toPreview(input, file, plan), importId };
  } catch (error) {
    ctx.events.emit('clinicImport.progress', { runId: input.runId, phase: 'failed', done: 0, total });
    throw error;
  }
}
