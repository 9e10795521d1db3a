import * as imported from 'dcmjs-dimse';

/**
 * A modality's MPPS side for tests: dcmjs-dimse's `Client` sending one N-CREATE or N-SET per
 * association, the way modalities usually do (DCMTK has no MPPS SCU tool). Also a C-STORE of a file in
 * its own transfer syntax, for the compressed syntaxes storescu cannot propose from the command line.
 */
type DimseModule = typeof imported;
const loaded = imported as DimseModule & { default?: DimseModule };
const dimse: DimseModule = loaded.default ?? loaded;
dimse.log.setLevel('silent');

export const MPPS_SOP_CLASS = '1.2.840.10008.3.1.2.3.3';

export interface MppsPeer {
  port: number;
  calledAe: string;
  callingAe?: string;
}

export interface MppsReply {
  status: number;
  errorComment: string;
  errorId: number | undefined;
  affectedSopInstanceUid: string;
}

type Request =
  | InstanceType<DimseModule['requests']['NCreateRequest']>
  | InstanceType<DimseModule['requests']['NSetRequest']>
  | InstanceType<DimseModule['requests']['CStoreRequest']>;

function send(peer: MppsPeer, request: Request): Promise<MppsReply> {
  return new Promise((resolve, reject) => {
    const client = new dimse.Client();
    let reply: MppsReply | undefined;
    request.on('response', (response: InstanceType<DimseModule['responses']['CStoreResponse']>) => {
      const command = response.getCommandDataset().getElements() as Record<string, unknown>;
      reply = {
        status: response.getStatus(),
        errorComment: (response.getErrorComment() ?? '').trim(),
        errorId: typeof command.ErrorID === 'number' ? command.ErrorID : undefined,
        affectedSopInstanceUid: (response.getAffectedSopInstanceUid() ?? '').replace(/\0/g, '').trim(),
      };
    });
    client.addRequest(request);
    client.on('associationRejected', () => reject(new Error('association rejected')));
    client.on('networkError', (error: Error) => reject(error));
    client.on('closed', () => (reply ? resolve(reply) : reject(new Error('no response'))));
    client.send('127.0.0.1', peer.port, peer.callingAe ?? 'MODALITY1', peer.calledAe);
  });
}

/** N-CREATE of a step for `accession` (status IN PROGRESS unless overridden). */
export function nCreate(
  peer: MppsPeer,
  uid: string,
  accession: string,
  overrides: Record<string, unknown> = {},
): Promise<MppsReply> {
  const request = new dimse.requests.NCreateRequest(MPPS_SOP_CLASS, uid);
  request.setDataset(
    new dimse.Dataset({
      SpecificCharacterSet: 'ISO_IR 192',
      PatientName: 'TEST^PARTICIPANT',
      PatientID: '9434765919',
      ScheduledStepAttributesSequence: [
        { AccessionNumber: accession, StudyInstanceUID: '1.2.3.4', ScheduledProcedureStepID: accession },
      ],
      PerformedProcedureStepID: 'PPS1',
      PerformedStationAETitle: 'MODALITY1',
      PerformedProcedureStepStartDate: '20261127',
      PerformedProcedureStepStartTime: '091600',
      PerformedProcedureStepStatus: 'IN PROGRESS',
      Modality: 'MG',
      ...overrides,
    }),
  );
  return send(peer, request);
}

/**
 * N-SET to a final status as a conforming modality sends it (end date and time, one performed series),
 * with an optional discontinuation reason (code meaning); `extra` adds or replaces attributes.
 */
export function nSet(
  peer: MppsPeer,
  uid: string,
  status: string,
  options: { reason?: string; extra?: Record<string, unknown> } = {},
): Promise<MppsReply> {
  const request = new dimse.requests.NSetRequest(MPPS_SOP_CLASS, uid);
  request.setDataset(
    new dimse.Dataset({
      PerformedProcedureStepStatus: status,
      PerformedProcedureStepEndDate: '20261127',
      PerformedProcedureStepEndTime: '092500',
      PerformedSeriesSequence: [
        {
          SeriesInstanceUID: '1.2.826.0.1.3680043.9.7433.7.1',
          ProtocolName: 'Screening mammography',
          ReferencedImageSequence: [],
        },
      ],
      ...(options.reason
        ? {
            PerformedProcedureStepDiscontinuationReasonCodeSequence: [
              { CodeValue: '110514', CodingSchemeDesignator: 'DCM', CodeMeaning: options.reason },
            ],
          }
        : {}),
      ...options.extra,
    }),
  );
  return send(peer, request);
}

/** C-STORE of a DICOM file, proposing the file's own transfer syntax (plus the uncompressed ones). */
export function cStoreFile(peer: MppsPeer, path: string): Promise<MppsReply> {
  return send(peer, new dimse.requests.CStoreRequest(path));
}

/** Re-encodes a file into another transfer syntax with dcmjs-dimse's codecs (for J2K test images). */
export async function transcodeFile(
  source: string,
  target: string,
  transferSyntaxUid: string,
): Promise<void> {
  await dimse.Transcoding.initializeAsync();
  const dataset = dimse.Dataset.fromFile(source);
  if (!dataset) throw new Error(`cannot read ${source}`);
  const out = dimse.Transcoding.transcodeDataset(dataset, transferSyntaxUid);
  await new Promise<void>((resolve, reject) =>
    out.toFile(target, (error) => (error ? reject(error) : resolve())),
  );
}
