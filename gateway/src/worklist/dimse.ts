/**
 * The one place that loads dcmjs-dimse. It is a webpack-built CommonJS bundle: Node's ESM loader cannot
 * see its named exports, while tsx, vitest and esbuild each wrap it differently. `module.exports` is
 * always reachable as `default` when loaded through ESM interop and is the namespace itself under a
 * CommonJS transform, so we take whichever exists and keep the package's own type declarations
 * (0.3.3 ships an `index.d.ts`, so no local declaration file is needed).
 *
 * dcmjs-dimse logs through a global `loglevel` logger whose default level is `trace`, and some of its
 * messages describe requests and datasets. Patient data must not reach stdout, so it is silenced here;
 * the SCP reports what matters (AE titles, statuses, counts) through the gateway's pino logger.
 */
import * as imported from 'dcmjs-dimse';
import { GATEWAY_VERSION } from '../version';

type DimseModule = typeof imported;

const loaded = imported as DimseModule & { default?: DimseModule };
export const dimse: DimseModule = loaded.default ?? loaded;

dimse.log.setLevel('silent');

/**
 * Our implementation identity in every association (PS3.7 D.3.3.2), so a modality's logs name this
 * gateway and its version rather than the library. UUID-derived (2.25), so it needs no registered org
 * root; fixed for the product, never regenerated. Set globally: dcmjs-dimse keeps it process-wide.
 */
export const IMPLEMENTATION_CLASS_UID = '2.25.103532416039446530147009646021586295454';
export const IMPLEMENTATION_VERSION_NAME = `ML_GW_${GATEWAY_VERSION}`.slice(0, 16);
dimse.Implementation.setImplementationClassUid(IMPLEMENTATION_CLASS_UID);
dimse.Implementation.setImplementationVersion(IMPLEMENTATION_VERSION_NAME);

export type DimseDataset = InstanceType<DimseModule['Dataset']>;

/**
 * A response identifier already encoded by dicom-writer. dcmjs-dimse asks the data set for its bytes
 * when it sends the PDU; we hand over ours instead of letting dcmjs denaturalise and re-encode it.
 * (dcmjs-dimse 0.3.3 would also copy dcmjs's ~5,000-entry dictionary per data set on that path,
 * because it always passes its `datasetNameMap` option.) The transfer syntax must be the accepted
 * one, so dcmjs-dimse does not try to transcode it.
 */
export class EncodedDataset extends dimse.Dataset {
  constructor(
    private readonly bytes: Buffer,
    transferSyntaxUid: string,
  ) {
    super({}, transferSyntaxUid);
  }

  override getDenaturalizedDataset(): Buffer {
    return this.bytes;
  }
}

/**
 * The command set of a C-FIND pending response is the same for every match of one request (message
 * id responded to, SOP class, status, data set present), so it is encoded once and shared by all of
 * them instead of being re-encoded by dcmjs per match.
 */
export class SharedCommandDataset extends dimse.Dataset {
  private encoded: Buffer | undefined;

  override getDenaturalizedCommandDataset(writeOptions?: Record<string, unknown>): Buffer {
    this.encoded ??= super.getDenaturalizedCommandDataset(writeOptions);
    return this.encoded;
  }
}

export type DimseAssociation = InstanceType<DimseModule['association']['Association']>;
export type DimseCFindRequest = InstanceType<DimseModule['requests']['CFindRequest']>;
export type DimseCFindResponse = InstanceType<DimseModule['responses']['CFindResponse']>;
export type DimseCEchoRequest = InstanceType<DimseModule['requests']['CEchoRequest']>;
export type DimseCEchoResponse = InstanceType<DimseModule['responses']['CEchoResponse']>;

/** UIDs we negotiate, spelled out so the conformance statement (docs/adr/0005) can cite them. */
export const UID = {
  verification: '1.2.840.10008.1.1',
  modalityWorklistFind: '1.2.840.10008.5.1.4.31',
  modalityPerformedProcedureStep: '1.2.840.10008.3.1.2.3.3',
  implicitVrLittleEndian: '1.2.840.10008.1.2',
  explicitVrLittleEndian: '1.2.840.10008.1.2.1',
} as const;

/** C-FIND statuses (PS3.4 K.4.1.1.4 and PS3.7 C). */
export const CFIND_STATUS = {
  success: 0x0000,
  pending: 0xff00,
  /** Pending, "one or more Optional Keys were not supported". */
  pendingWithWarning: 0xff01,
  sopClassNotSupported: 0x0122,
  /** "Identifier does not match SOP Class": malformed or contradictory keys. */
  identifierDoesNotMatch: 0xa900,
  /** "Unable to process": our fault (database), not the query's. */
  unableToProcess: 0xc000,
} as const;
