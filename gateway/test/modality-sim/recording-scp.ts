import net from 'node:net';
import { listenOnLoopback } from '../../../test-support/free-port';
import { dimse, UID, type Elements } from '#gateway/modality-sim/dimse';

/**
 * A tiny MPPS + storage SCP on dcmjs-dimse that records what the simulator sends. The gateway has no
 * MPPS SCP yet; this one behaves as PS3.4 F asks of one where the simulator could go wrong: N-SET of an
 * unknown instance is refused (0x0112) and a step that is already COMPLETED or DISCONTINUED cannot change.
 */
export interface RecordedMessage {
  kind: 'N-CREATE' | 'N-SET' | 'C-STORE';
  callingAe: string;
  sopInstanceUid: string;
  elements: Elements;
  status: number;
}

export interface RecordingScp {
  port: number;
  messages: RecordedMessage[];
  close(): Promise<void>;
}

export interface RecordingScpOptions {
  aeTitle: string;
  acceptMpps?: boolean;
  acceptStorage?: boolean;
}

const { Scp } = dimse;
const { NCreateResponse, NSetResponse, CStoreResponse } = dimse.responses;
const { PresentationContextResult, RejectReason, RejectResult, RejectSource } = dimse.constants;
const SYNTAXES = [UID.explicitVrLittleEndian, '1.2.840.10008.1.2'];

export async function startRecordingScp(options: RecordingScpOptions): Promise<RecordingScp> {
  const messages: RecordedMessage[] = [];
  const states = new Map<string, string>();
  const abstract = new Set<string>();
  if (options.acceptMpps ?? true) abstract.add(UID.modalityPerformedProcedureStep);
  if (options.acceptStorage ?? true) abstract.add(UID.mammographyForPresentation);

  class Recorder extends Scp {
    private callingAe = '';

    override associationRequested(association: InstanceType<typeof dimse.association.Association>): void {
      this.callingAe = association.getCallingAeTitle().trim();
      if (association.getCalledAeTitle().trim() !== options.aeTitle) {
        this.sendAssociationReject(
          RejectResult.Permanent,
          RejectSource.ServiceUser,
          RejectReason.CalledAeNotRecognized,
        );
        return;
      }
      for (const { context } of association.getPresentationContexts()) {
        const chosen = SYNTAXES.find((ts) => context.getTransferSyntaxUids().includes(ts));
        if (abstract.has(context.getAbstractSyntaxUid()) && chosen)
          context.setResult(PresentationContextResult.Accept, chosen);
        else context.setResult(PresentationContextResult.RejectAbstractSyntaxNotSupported);
      }
      this.sendAssociationAccept();
    }

    override associationReleaseRequested(): void {
      this.sendAssociationReleaseResponse();
    }

    private record(kind: RecordedMessage['kind'], uid: string, elements: Elements, status: number): void {
      messages.push({ kind, callingAe: this.callingAe, sopInstanceUid: uid, elements, status });
    }

    override nCreateRequest(
      request: InstanceType<typeof dimse.requests.NCreateRequest>,
      callback: (response: InstanceType<typeof NCreateResponse>) => void,
    ): void {
      const uid = request.getAffectedSopInstanceUid();
      const elements = request.getDataset()?.getElements() ?? {};
      const status = states.has(uid) ? 0x0111 : 0x0000; // duplicate SOP instance
      if (status === 0) states.set(uid, String(elements.PerformedProcedureStepStatus));
      this.record('N-CREATE', uid, elements, status);
      const response = NCreateResponse.fromRequest(request);
      response.setStatus(status);
      callback(response);
    }

    override nSetRequest(
      request: InstanceType<typeof dimse.requests.NSetRequest>,
      callback: (response: InstanceType<typeof NSetResponse>) => void,
    ): void {
      const uid = request.getRequestedSopInstanceUid();
      const elements = request.getDataset()?.getElements() ?? {};
      const state = states.get(uid);
      const status = state === undefined ? 0x0112 : state !== 'IN PROGRESS' ? 0x0110 : 0x0000;
      if (status === 0) states.set(uid, String(elements.PerformedProcedureStepStatus ?? state));
      this.record('N-SET', uid, elements, status);
      const response = NSetResponse.fromRequest(request);
      response.setStatus(status);
      callback(response);
    }

    override cStoreRequest(
      request: InstanceType<typeof dimse.requests.CStoreRequest>,
      callback: (response: InstanceType<typeof CStoreResponse>) => void,
    ): void {
      const elements = request.getDataset()?.getElements() ?? {};
      this.record('C-STORE', request.getAffectedSopInstanceUid(), elements, 0);
      const response = CStoreResponse.fromRequest(request);
      response.setStatus(0);
      callback(response);
    }
  }

  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const connection = new Recorder(socket, {});
    connection.on('networkError', () => socket.destroy());
  });
  const port = await listenOnLoopback(server);
  return {
    port,
    messages,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
