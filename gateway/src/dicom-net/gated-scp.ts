import type { Socket } from 'node:net';
import { admitAssociation, type AssociationGate } from '../worklist/association-gate';
import {
  dimse,
  type DimseAssociation,
  type DimseCEchoRequest,
  type DimseCEchoResponse,
} from '../worklist/dimse';
import type { ScpLink } from './scp-listener';

const { CEchoResponse } = dimse.responses;

/** Verification's one status (PS3.4 A.4): C-ECHO either succeeds or never gets an answer. */
const ECHO_SUCCESS = 0x0000;

/**
 * What every SCP connection of the gateway does the same way: it reads the guarded stream its listener
 * hands it, admits an association through the service's gate, releases on request, and answers C-ECHO.
 * Each service (worklist, storage) adds its own requests in a subclass.
 */
export abstract class GatedScp extends dimse.Scp {
  /** The calling AE title of the admitted association, for the log lines of this connection. */
  protected peerAe = '';

  protected constructor(
    protected readonly link: ScpLink,
    private readonly gate: AssociationGate,
  ) {
    super(link.guard as unknown as Socket, {});
  }

  override associationRequested(association: DimseAssociation): void {
    this.peerAe = admitAssociation(this.gate, association, {
      accept: () => this.sendAssociationAccept(),
      reject: (result, source, reason) => this.sendAssociationReject(result, source, reason),
      claim: () => this.link.claimAssociation(),
    });
  }

  override associationReleaseRequested(): void {
    this.sendAssociationReleaseResponse();
  }

  override cEchoRequest(request: DimseCEchoRequest, callback: (response: DimseCEchoResponse) => void): void {
    const response = CEchoResponse.fromRequest(request);
    response.setStatus(ECHO_SUCCESS);
    this.gate.log.info({ callingAe: this.peerAe }, `${this.gate.service} c-echo`);
    callback(response);
  }
}
