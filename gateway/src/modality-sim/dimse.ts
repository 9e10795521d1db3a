/**
 * The simulator's own handle on dcmjs-dimse (a webpack-built CommonJS bundle with its own `index.d.ts`).
 * Under Node's ESM loader the module arrives as `default`; under vitest's and tsx's CommonJS interop it
 * is the namespace itself, so we take whichever exists. This mirrors gateway/src/worklist/dimse.ts on
 * purpose instead of importing it: the simulator plays the *other* side of the wire and must not change
 * when the gateway's SCP code does.
 *
 * dcmjs-dimse logs through a global `loglevel` logger at `trace` by default, including data sets with
 * names and birth dates; the simulator prints its own one-line steps instead.
 */
import * as imported from 'dcmjs-dimse';

type DimseModule = typeof imported;

const loaded = imported as DimseModule & { default?: DimseModule };
export const dimse: DimseModule = loaded.default ?? loaded;

dimse.log.setLevel('silent');

export type DimseDataset = InstanceType<DimseModule['Dataset']>;
export type DimseRequest =
  | InstanceType<DimseModule['requests']['CFindRequest']>
  | InstanceType<DimseModule['requests']['CStoreRequest']>
  | InstanceType<DimseModule['requests']['NCreateRequest']>
  | InstanceType<DimseModule['requests']['NSetRequest']>
  | InstanceType<DimseModule['requests']['CEchoRequest']>;
/** What every DIMSE response has; the concrete classes add nothing the simulator reads. */
export interface DimseResponse {
  getStatus(): number;
  getErrorComment(): string;
  getDataset(): DimseDataset | undefined;
  getAffectedSopInstanceUid(): string;
}

/** Naturalized (dcmjs keyword-keyed) elements, as dcmjs-dimse data sets hold them. */
export type Elements = Record<string, unknown>;

export const UID = {
  modalityWorklistFind: '1.2.840.10008.5.1.4.31',
  modalityPerformedProcedureStep: '1.2.840.10008.3.1.2.3.3',
  mammographyForPresentation: '1.2.840.10008.5.1.4.1.1.1.2',
  mammographyForProcessing: '1.2.840.10008.5.1.4.1.1.1.2.1',
  explicitVrLittleEndian: '1.2.840.10008.1.2.1',
} as const;

/** DIMSE status words the simulator tells apart (PS3.7 Annex C). */
export const STATUS = { success: 0x0000, pending: 0xff00, pendingWithWarning: 0xff01 } as const;

const NAMES: Record<number, string> = {
  0x0000: 'Success',
  0xff00: 'Pending',
  0xff01: 'Pending',
  0x0107: 'Warning: attribute list error',
  0x0116: 'Warning: attribute value out of range',
  0xb000: 'Warning: coercion of data elements',
  0x0105: 'Failure: no such attribute',
  0x0106: 'Failure: invalid attribute value',
  0x0110: 'Failure: processing failure',
  0x0111: 'Failure: duplicate SOP instance',
  0x0112: 'Failure: no such object instance',
  0x0117: 'Failure: invalid object instance',
  0x0118: 'Failure: no such SOP class',
  0x0120: 'Failure: missing attribute',
  0x0121: 'Failure: missing attribute value',
  0x0122: 'Failure: SOP class not supported',
  0xa700: 'Failure: out of resources',
  0xa900: 'Failure: data set does not match SOP class',
  0xc000: 'Failure: cannot understand',
};

/** `Success`, `Failure: missing attribute (0x0120)`: what the log prints for a response status. */
export function statusText(status: number): string {
  const hex = `0x${status.toString(16).padStart(4, '0')}`;
  const name = NAMES[status];
  if (status === STATUS.success) return 'Success';
  if (name) return `${name} (${hex})`;
  if ((status & 0xf000) === 0xa000 || (status & 0xf000) === 0xc000) return `Failure (${hex})`;
  return `Status ${hex}`;
}

/** Success and warnings (0x0001, 0x01xx warnings, 0xBxxx) mean the SCP kept the request's effect. */
export function isSuccessOrWarning(status: number): boolean {
  return (
    status === 0 ||
    status === 0x0001 ||
    status === 0x0107 ||
    status === 0x0116 ||
    (status & 0xf000) === 0xb000
  );
}
