import { mkdirSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Logger } from 'pino';
import type { DiskReserve } from '../health';
import { GatedScp } from '../dicom-net/gated-scp';
import { associationGate } from '../worklist/association-gate';
import { errorName } from '../mpps/mpps-dimse';
import type { ModalityEvents } from '../return-path/modality-events';
import {
  DEFAULT_POLICY,
  listenScp,
  type ConnectionPolicy,
  type ScpLink,
  type ScpServer,
} from '../dicom-net/scp-listener';
import type { CodecDecoder } from '../thumbnail/codec-decoder';
import { dimse, UID, type DimseAssociation } from '../worklist/dimse';
import { MG_STORAGE_CLASSES, STORE_STATUS } from './instance-check';
import { fileMetaHeader } from './part10';
import { DEFAULT_BUFFER_BYTES, SpoolStream } from './spool-file';
import { ImageFollowups, type FollowupOptions } from './image-followups';
import { storeInstance } from './store-instance';
import { chooseStorageSyntax } from './transfer-syntaxes';
import { countEvent, dicomStatusClass, observeSeconds, secondsSince } from '../monitoring/metrics';

/**
 * The storage SCP (C-STORE and C-ECHO) on its own AE title and port, as production runs storage as a
 * separate service: digital mammography (for presentation and for processing) in uncompressed and the
 * common lossless transfer syntaxes (lossy only where the site allows it; see transfer-syntaxes.ts),
 * stored as received. Same hosting and defences as the MWL SCP:
 * own `net.Server` on one address, one dcmjs-dimse `Scp` per socket, every handler catching everything,
 * logs with ids, AE titles, statuses and counts only. Each data set streams into a temporary file as its
 * P-DATA arrives (spool-file.ts, through dcmjs-dimse's store-stream hooks; ADR 0020) and is checked,
 * indexed from that file, so memory does not grow with the object. The reply comes once the image is
 * durable and indexed; its thumbnail and event follow (image-followups.ts, ADR 0024).
 */
export interface StorageScpOptions {
  events: ModalityEvents;
  host: string;
  port: number;
  aeTitle: string;
  /** Folder for the content-addressed files. */
  directory: string;
  allowedCallingAeTitles?: readonly string[];
  decoder?: CodecDecoder;
  log: Logger;
  /** Association and connection limits and timers; unset fields keep the defaults. */
  policy?: Partial<ConnectionPolicy>;
  /** Accept lossy JPEG/JPEG-LS/JPEG 2000 for For Presentation images (never For Processing). */
  acceptLossyForPresentation?: boolean;
  /** Free space that must remain after each image (A700 otherwise); the health thresholds by default. */
  reserve?: DiskReserve;
  /**
   * Bytes of an incoming data set allowed to wait for the disk before the association's socket is
   * paused (default 1 MiB): with one PDU, the most of an object ever in memory.
   */
  bufferBytes?: number;
  /** The thumbnail-and-event queue after each reply (image-followups.ts); defaults suit production. */
  followups?: Pick<FollowupOptions, 'maxPending' | 'held' | 'retryMs'>;
}

export interface StorageScpServer extends ScpServer {
  /** Thumbnails and `study.image_received` events still owed for answered images. */
  followups: Pick<ImageFollowups, 'idle' | 'pending' | 'resume'>;
}

/** What dcmjs-dimse hands to `cStoreRequest`: the spooled file instead of parsed elements. */
class SpooledDataset extends dimse.Dataset {
  spool: SpoolStream | undefined;
}

/** UIDs in DIMSE commands may carry NUL padding. */
const uidOf = (value: string | undefined): string => (value ?? '').replace(/\0/g, '').trim();

type CStoreRequest = InstanceType<typeof dimse.requests.CStoreRequest>;
type CStoreResponse = InstanceType<typeof dimse.responses.CStoreResponse>;
type PresentationContext = InstanceType<typeof dimse.association.PresentationContext>;

const { CStoreResponse } = dimse.responses;
const { PresentationContextResult } = dimse.constants;

const VERIFICATION_SYNTAXES = [UID.explicitVrLittleEndian, UID.implicitVrLittleEndian];

function negotiate(association: DimseAssociation, options: StorageScpOptions): number {
  let accepted = 0;
  for (const { context } of association.getPresentationContexts()) {
    const abstract = context.getAbstractSyntaxUid();
    const offered = context.getTransferSyntaxUids();
    let chosen: string | undefined;
    if (abstract === UID.verification) {
      chosen = VERIFICATION_SYNTAXES.find((ts) => offered.includes(ts));
    } else if (MG_STORAGE_CLASSES.has(abstract)) {
      const choice = chooseStorageSyntax(abstract, offered, {
        acceptLossyForPresentation: options.acceptLossyForPresentation ?? false,
      });
      if (choice.lossyRefused)
        options.log.warn(
          { callingAe: association.getCallingAeTitle().trim(), sopClassUid: abstract },
          'storage context refused: lossy transfer syntax not allowed (storage.accept_lossy_for_presentation)',
        );
      chosen = choice.chosen;
    } else {
      context.setResult(PresentationContextResult.RejectAbstractSyntaxNotSupported);
      continue;
    }
    if (chosen) {
      context.setResult(PresentationContextResult.Accept, chosen);
      accepted += 1;
    } else context.setResult(PresentationContextResult.RejectTransferSyntaxesNotSupported);
  }
  return accepted;
}

function createScpClass(options: StorageScpOptions, followups: ImageFollowups) {
  const { log } = options;
  const gate = associationGate(options, 'storage', (association) => negotiate(association, options));

  return class StorageScpConnection extends GatedScp {
    /** The data set being received; dcmjs-dimse never ends it when the association breaks off. */
    private spool: SpoolStream | undefined;

    constructor(link: ScpLink) {
      super(link, gate);
      link.guard.on('close', () => {
        void this.spool?.discard();
        this.spool = undefined;
      });
    }

    override createStoreWritableStream(context: PresentationContext, request: CStoreRequest): Writable {
      const socket = this.link.guard.socket;
      this.spool = new SpoolStream({
        root: options.directory,
        header: fileMetaHeader({
          sopClassUid: uidOf(request.getAffectedSopClassUid()),
          sopInstanceUid: uidOf(request.getAffectedSopInstanceUid()),
          transferSyntaxUid: context?.getAcceptedTransferSyntaxUid() ?? UID.implicitVrLittleEndian,
          sourceAeTitle: this.peerAe,
        }),
        flow: { pause: () => socket.pause(), resume: () => socket.resume() },
        bufferBytes: options.bufferBytes ?? DEFAULT_BUFFER_BYTES,
        reserve: options.reserve,
      });
      return this.spool;
    }

    override createDatasetFromStoreWritableStream(
      writable: Writable,
      context: PresentationContext,
      callback: (dataset: InstanceType<typeof dimse.Dataset>) => void,
    ): void {
      // Complete: from here `storeInstance` owns the file and removes it whatever happens.
      this.spool = undefined;
      const dataset = new SpooledDataset(
        {},
        context?.getAcceptedTransferSyntaxUid() ?? UID.implicitVrLittleEndian,
      );
      dataset.spool = writable instanceof SpoolStream ? writable : undefined;
      callback(dataset);
    }

    override cStoreRequest(request: CStoreRequest, callback: (response: CStoreResponse) => void): void {
      const respond = (status: number, comment?: string): void => {
        const response = CStoreResponse.fromRequest(request);
        response.setStatus(status);
        if (comment) response.setErrorComment(comment.slice(0, 64));
        callback(response);
      };
      const dataset = request.getDataset();
      if (!(dataset instanceof SpooledDataset) || !dataset.spool) {
        log.warn({ callingAe: this.peerAe }, 'c-store without a data set');
        return respond(STORE_STATUS.cannotUnderstand, 'The data set could not be read');
      }
      const started = process.hrtime.bigint();
      storeInstance(
        {
          events: options.events,
          root: options.directory,
          log,
          callingAe: this.peerAe,
          followups,
          reserve: options.reserve,
        },
        {
          spool: dataset.spool,
          transferSyntaxUid: dataset.getTransferSyntaxUid(),
          sopClassUid: uidOf(request.getAffectedSopClassUid()),
          sopInstanceUid: uidOf(request.getAffectedSopInstanceUid()),
        },
      ).then(
        (outcome) => {
          countEvent('cstore', { status: dicomStatusClass(outcome.status) });
          observeSeconds('cstore', secondsSince(started));
          respond(outcome.status, outcome.comment);
        },
        (error: unknown) => {
          log.error({ callingAe: this.peerAe, err: errorName(error) }, 'c-store failed');
          respond(STORE_STATUS.cannotUnderstand, 'The gateway failed to store the image');
        },
      );
    }

    override abort(): void {
      log.info({ callingAe: this.peerAe }, 'storage association aborted by peer');
    }
  };
}

export async function startStorageScp(options: StorageScpOptions): Promise<StorageScpServer> {
  mkdirSync(options.directory, { recursive: true, mode: 0o700 });
  const followups = new ImageFollowups({
    events: options.events,
    root: options.directory,
    decoder: options.decoder,
    log: options.log,
    ...options.followups,
  });
  const server = await listenScp(createScpClass(options, followups), {
    host: options.host,
    port: options.port,
    policy: { ...DEFAULT_POLICY, ...options.policy },
    log: options.log,
    name: 'storage',
    aeTitle: options.aeTitle,
  });
  // Catch-up: what a previous process answered but had not yet thumbnailed and reported.
  const owed = followups.pending();
  if (owed > 0) options.log.info({ images: owed }, 'image follow-ups left by the last run');
  followups.kick();
  return {
    port: server.port,
    followups,
    close: async () => {
      await server.close();
      await followups.stop();
      options.decoder?.close();
    },
  };
}
