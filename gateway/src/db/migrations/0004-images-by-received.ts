/**
 * For image retention's oldest-first pages. The legacy return path store ran this on every open, outside
 * its versions; `IF NOT EXISTS` lets it run on an adopted legacy database that has it already.
 *
 * Released SQL: never edit it; add a migration.
 */
export const IMAGES_BY_RECEIVED = `
CREATE INDEX IF NOT EXISTS images_by_received ON stored_images (received_at, sop_instance_uid);
`;
