import { migrationFromSql, type Migration } from 'modality-link-sqlite-migrate';
import { INBOX_AND_EVENT_OUTBOX } from './0000-inbox-and-event-outbox';
import { WORKLIST } from './0001-worklist';
import { RETURN_PATH } from './0002-return-path';
import { IMAGE_FOLLOWUPS } from './0003-image-followups';
import { IMAGES_BY_RECEIVED } from './0004-images-by-received';

/**
 * The gateway database's migrations, in the order they run (ADR 0029). Append only: a released
 * migration's SQL and tag stay as they are, since installed databases hold their hashes.
 */
export const GATEWAY_MIGRATIONS: readonly Migration[] = [
  migrationFromSql(0, '0000_inbox_and_event_outbox', INBOX_AND_EVENT_OUTBOX),
  migrationFromSql(1, '0001_worklist', WORKLIST),
  migrationFromSql(2, '0002_return_path', RETURN_PATH),
  migrationFromSql(3, '0003_image_followups', IMAGE_FOLLOWUPS),
  migrationFromSql(4, '0004_images_by_received', IMAGES_BY_RECEIVED),
];
