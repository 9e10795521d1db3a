import type { z } from 'zod';
import { actionParameterSchemas, WORKLIST_MOVES, type ActionParameters } from './actions';
import { identifierProblem, type IdentifierKind } from './dicom-identifiers';
import {
  DICOM_CS,
  DICOM_DATE,
  DICOM_TIME,
  dicomTextCharactersOk,
  maxChars,
  NHS_NUMBER,
  notBlank,
  PERSON_NAME,
  personNameCharactersOk,
} from './dicom-text-rules';
import {
  fastDecodeCounts,
  isObject,
  tally,
  optional,
  textWithin,
  withUnknownKeys,
  type Json,
} from './fast-checks';

/**
 * The fast path for the parameters the gateway's applier checks on every send (ADR 0034):
 * `worklist.create_item` (the worklist item), `worklist.update_status` and `message.deliver`. Each
 * returns exactly the schema's output or undefined; `safeParseParameters` then runs the schema itself,
 * so every refusal keeps its wording.
 */

const identifier = (kind: IdentifierKind) => (value: unknown) =>
  typeof value === 'string' && identifierProblem(kind, value) === undefined;
const isAccession = identifier('accessionNumber');
const isAeTitle = identifier('aeTitle');
const matches = (pattern: RegExp) => (value: unknown) => typeof value === 'string' && pattern.test(value);
const isDate = matches(DICOM_DATE);
const isTime = matches(DICOM_TIME);
const SEXES: ReadonlySet<unknown> = new Set(['F', 'M', 'O', '']);
const MOVES: ReadonlySet<unknown> = new Set(WORKLIST_MOVES);
const max64 = maxChars(64);

/** `worklistItemSchema`: z.object at every level, so unknown keys are dropped, not kept. */
function fastWorklistItem(input: unknown): Json | undefined {
  if (!isObject(input)) return undefined;
  const { accession_number, participant, scheduled, procedure, scheduled_station_ae_title } = input;
  if (!isAccession(accession_number) || !isObject(participant)) return undefined;
  const { nhs_number, name, birth_date, sex } = participant;
  if (!matches(NHS_NUMBER)(nhs_number) || !isDate(birth_date) || !SEXES.has(sex)) return undefined;
  if (typeof name !== 'string' || !max64(name) || !personNameCharactersOk(name) || !PERSON_NAME.test(name))
    return undefined;
  if (!isObject(scheduled) || !isDate(scheduled.date) || !isTime(scheduled.time)) return undefined;
  if (!isObject(procedure) || !matches(DICOM_CS)(procedure.modality)) return undefined;
  const description = procedure.study_description;
  if (typeof description !== 'string' || !notBlank(description) || !max64(description)) return undefined;
  if (!dicomTextCharactersOk(description) || !optional(scheduled_station_ae_title, isAeTitle))
    return undefined;
  const item: Json = {
    accession_number,
    participant: { nhs_number, name, birth_date, sex },
    scheduled: { date: scheduled.date, time: scheduled.time },
    procedure: { modality: procedure.modality, study_description: description },
  };
  if (scheduled_station_ae_title !== undefined) item.scheduled_station_ae_title = scheduled_station_ae_title;
  return item;
}

const CREATE_KEYS = new Set(['worklist_item', 'destination']);
const UPDATE_KEYS = new Set(['worklist_item']);
const UPDATE_ITEM_KEYS = new Set(['accession_number', 'status']);
const DELIVER_KEYS = new Set(['type', 'payload', 'destination', 'accession_number']);
const MAX_PAYLOAD = 1024 * 1024;

const FAST = {
  'worklist.create_item'(input: unknown): Json | undefined {
    if (!isObject(input)) return undefined;
    const worklist_item = fastWorklistItem(input.worklist_item);
    const destination = input.destination;
    if (!worklist_item || !optional(destination, (v) => textWithin(v, 1, 64))) return undefined;
    const out: Json = { worklist_item };
    if (destination !== undefined) out.destination = destination;
    return withUnknownKeys(input, out, CREATE_KEYS);
  },
  'worklist.update_status'(input: unknown): Json | undefined {
    if (!isObject(input) || !isObject(input.worklist_item)) return undefined;
    const item = input.worklist_item;
    if (!isAccession(item.accession_number) || !MOVES.has(item.status)) return undefined;
    const known = { accession_number: item.accession_number, status: item.status };
    return withUnknownKeys(
      input,
      { worklist_item: withUnknownKeys(item, known, UPDATE_ITEM_KEYS) },
      UPDATE_KEYS,
    );
  },
  'message.deliver'(input: unknown): Json | undefined {
    if (!isObject(input)) return undefined;
    const { type, payload, destination, accession_number } = input;
    if (!textWithin(type, 1, 32) || !textWithin(payload, 0, MAX_PAYLOAD) || !textWithin(destination, 1, 64))
      return undefined;
    if (!optional(accession_number, isAccession)) return undefined;
    const out: Json = { type, payload, destination };
    if (accession_number !== undefined) out.accession_number = accession_number;
    return withUnknownKeys(input, out, DELIVER_KEYS);
  },
};
export type FastParameterType = keyof typeof FAST;

/** The fast checker alone (for the differential tests): the schema's output, or undefined when unsure. */
export function fastParameters(type: FastParameterType, value: unknown): Json | undefined {
  return FAST[type](value);
}

/** `actionParameterSchemas[type].safeParse(value)`, answered without zod when the fast path is sure. */
export function safeParseParameters<T extends FastParameterType>(
  type: T,
  value: unknown,
): z.ZodSafeParseResult<ActionParameters<T>> {
  const fast = FAST[type](value);
  if (fast !== undefined) {
    tally(fastDecodeCounts.parameters.fast, type);
    return { success: true, data: fast as ActionParameters<T> };
  }
  tally(fastDecodeCounts.parameters.schema, type);
  return actionParameterSchemas[type].safeParse(value) as z.ZodSafeParseResult<ActionParameters<T>>;
}
