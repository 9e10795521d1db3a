import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { DEFAULT_POLICY, listenScp, type ConnectionPolicy, type ScpLink } from '../dicom-net/scp-listener';
import { GatedScp } from '../dicom-net/gated-scp';
import { associationGate } from './association-gate';
import {
  CFIND_STATUS,
  dimse,
  EncodedDataset,
  SharedCommandDataset,
  UID,
  type DimseAssociation,
  type DimseCFindRequest,
  type DimseCFindResponse,
} from './dimse';
import { errorName, handleNCreate, handleNSet } from '../mpps/mpps-dimse';
import type { ModalityEvents } from '../return-path/modality-events';
import { encodeDataset } from './dicom-writer';
import { parseMwlIdentifier } from './mwl-query';
import { responseElements } from './mwl-response';
import { findItems } from './worklist-store';
import { countEvent, observeSeconds, secondsSince } from '../monitoring/metrics';

/**
 * The Modality Worklist SCP: Verification and MWL C-FIND over DICOM upper layer, on dcmjs-dimse, and
 * (when `mpps` is given) MPPS N-CREATE/N-SET on the same AE, handled in gateway/src/mpps.
 *
 * Hosted by dicom-net/scp-listener (our own server, one bound address, the PDU guard and the connection
 * limits in front of every connection).
 *
 * Every handler catches everything: dcmjs-dimse calls them from an async PDU loop, where an exception
 * would become an unhandled rejection and take the whole gateway down. A bad query gets a failure
 * status; a broken connection gets logged and closed. Logs carry AE titles, counts and statuses only.
 */
export interface WorklistScpOptions {
  db: Database.Database;
  host: string;
  port: number;
  aeTitle: string;
  /** When given, associations from any other calling AE title are rejected. */
  allowedCallingAeTitles?: readonly string[];
  log: Logger;
  /** Association and connection limits and timers; unset fields keep the defaults. */
  policy?: Partial<ConnectionPolicy>;
  /** Accept MPPS on this AE; steps and their events go through this sink. */
  mpps?: ModalityEvents;
}

export interface WorklistScp {
  port: number;
  close(): Promise<void>;
}

const { CFindResponse } = dimse.responses;
const { PresentationContextResult } = dimse.constants;

const MWL_ABSTRACT: readonly string[] = [UID.verification, UID.modalityWorklistFind];
/** Explicit first: it carries VRs, so a peer's dictionary gaps cannot change how values are read. */
const PREFERRED_TRANSFER_SYNTAXES = [UID.explicitVrLittleEndian, UID.implicitVrLittleEndian];

function negotiate(association: DimseAssociation, abstract: ReadonlySet<string>): number {
  let accepted = 0;
  for (const { context } of association.getPresentationContexts()) {
    if (!abstract.has(context.getAbstractSyntaxUid())) {
      context.setResult(PresentationContextResult.RejectAbstractSyntaxNotSupported);
      continue;
    }
    const offered = context.getTransferSyntaxUids();
    const chosen = PREFERRED_TRANSFER_SYNTAXES.find((ts) => offered.includes(ts));
    if (chosen) {
      context.setResult(PresentationContextResult.Accept, chosen);
      accepted += 1;
    } else context.setResult(PresentationContextResult.RejectTransferSyntaxesNotSupported);
  }
  return accepted;
}

function createScpClass(options: WorklistScpOptions) {
  const { db, log } = options;
  const mpps = options.mpps;
  const abstract = new Set(mpps ? [...MWL_ABSTRACT, UID.modalityPerformedProcedureStep] : MWL_ABSTRACT);

  const gate = associationGate(options, 'mwl', (association) => negotiate(association, abstract));

  return class WorklistScpConnection extends GatedScp {
    private acceptedAssociation: DimseAssociation | undefined;

    constructor(link: ScpLink) {
      super(link, gate);
    }

    override associationRequested(association: DimseAssociation): void {
      this.acceptedAssociation = association;
      super.associationRequested(association);
    }

    override cFindRequest(
      request: DimseCFindRequest,
      callback: (responses: DimseCFindResponse[]) => void,
    ): void {
      const reply = (status: number, comment?: string): DimseCFindResponse => {
        const response = CFindResponse.fromRequest(request);
        // fromRequest fills in the Study Root SOP class; a reply must name the class that was asked.
        response.setAffectedSopClassUid(request.getAffectedSopClassUid());
        response.setStatus(status);
        if (comment) response.setErrorComment(comment.slice(0, 64));
        return response;
      };
      const started = process.hrtime.bigint();
      try {
        if (request.getAffectedSopClassUid() !== UID.modalityWorklistFind) {
          log.warn({ callingAe: this.peerAe }, 'mwl c-find for an unsupported SOP class');
          return callback([reply(CFIND_STATUS.sopClassNotSupported)]);
        }
        const parsed = parseMwlIdentifier(request.getDataset()?.getElements() ?? {});
        if (!parsed.ok) {
          // The message names the key and the rule, never the value (which could be patient data).
          log.warn({ callingAe: this.peerAe, problem: parsed.message }, 'mwl c-find rejected');
          return callback([reply(CFIND_STATUS.identifierDoesNotMatch, parsed.message)]);
        }
        const query = parsed.value;
        const rows = findItems(db, query.store).filter((row) => query.predicates.every((p) => p(row)));
        const transferSyntax =
          this.acceptedAssociation
            ?.getAcceptedPresentationContextFromRequest(request)
            ?.getAcceptedTransferSyntaxUid() ?? UID.implicitVrLittleEndian;
        const explicitVr = transferSyntax === UID.explicitVrLittleEndian;
        const pendingStatus =
          query.unsupported.length > 0 ? CFIND_STATUS.pendingWithWarning : CFIND_STATUS.pending;
        let command: SharedCommandDataset | undefined;
        const responses = rows.map((row) => {
          const response = reply(pendingStatus);
          response.setDataset(
            new EncodedDataset(
              encodeDataset(responseElements(row, query, { callingAe: this.peerAe }), explicitVr),
              transferSyntax,
            ),
          );
          command ??= new SharedCommandDataset(response.getCommandDataset().getElements());
          response.setCommandDataset(command);
          return response;
        });
        // dcmjs-dimse writes the PDUs synchronously inside the callback, so the duration covers sending.
        callback([...responses, reply(CFIND_STATUS.success)]);
        log.info(
          {
            callingAe: this.peerAe,
            matches: rows.length,
            unsupportedKeys: query.unsupported,
            durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
          },
          'mwl c-find',
        );
        countEvent('cfind', { outcome: 'answered' });
        observeSeconds('cfind', secondsSince(started));
      } catch (error) {
        countEvent('cfind', { outcome: 'failed' });
        log.error({ callingAe: this.peerAe, err: errorName(error) }, 'mwl c-find failed');
        callback([reply(CFIND_STATUS.unableToProcess, 'Unable to process')]);
      }
    }

    override nCreateRequest(
      request: Parameters<typeof handleNCreate>[0],
      callback: (response: ReturnType<typeof handleNCreate>) => void,
    ): void {
      callback(handleNCreate(request, { events: mpps, log, callingAe: this.peerAe }));
    }

    override nSetRequest(
      request: Parameters<typeof handleNSet>[0],
      callback: (response: ReturnType<typeof handleNSet>) => void,
    ): void {
      callback(handleNSet(request, { events: mpps, log, callingAe: this.peerAe }));
    }

    /** All responses are sent at once, so there is nothing left to cancel by the time C-CANCEL arrives. */
    override cCancelRequest(): void {}

    override abort(): void {
      log.info({ callingAe: this.peerAe }, 'mwl association aborted by peer');
    }
  };
}

export async function startWorklistScp(options: WorklistScpOptions): Promise<WorklistScp> {
  return listenScp(createScpClass(options), {
    host: options.host,
    port: options.port,
    policy: { ...DEFAULT_POLICY, maxAssociations: 32, ...options.policy },
    log: options.log,
    name: 'mwl',
    aeTitle: options.aeTitle,
  });
}
