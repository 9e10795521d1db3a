import { dimse, type DimseRequest, type DimseResponse } from './dimse';

/**
 * One association: connect, negotiate a presentation context per request, send the requests in order,
 * release. dcmjs-dimse's Client reports through events; this turns them into one promise, so each step of
 * the procedure reads top to bottom and a failure names its phase.
 */
export interface Peer {
  host: string;
  port: number;
  /** The SCP's AE title (called). */
  calledAe: string;
  /** Ours (calling). */
  callingAe: string;
}

export interface RequestOutcome {
  /** False when the SCP accepted no presentation context for the request's SOP class, so it was not sent. */
  accepted: boolean;
  responses: DimseResponse[];
}

/** Why an association failed, in words a person at the modality would understand. */
export class AssociationError extends Error {
  override name = 'AssociationError';
}

// PS3.8 9.3.4: A-ASSOCIATE-RJ reasons given by the service user.
const REJECT_REASONS: Record<number, string> = {
  1: 'no reason given',
  2: 'application context name not supported',
  3: 'calling AE title not recognized',
  7: 'called AE title not recognized',
};

function describeNetworkError(peer: Peer, error: unknown): string {
  const where = `${peer.host}:${peer.port}`;
  const message = error instanceof Error ? error.message : String(error);
  // dcmjs-dimse wraps socket errors in its own message, so the errno code is read back out of the text.
  const own = (error as { code?: unknown } | undefined)?.code;
  const code = typeof own === 'string' ? own : /\b(E[A-Z]{4,})\b/.exec(message)?.[1];
  if (code === 'ECONNREFUSED') return `connection refused by ${where} (is the SCP running?)`;
  if (code === 'ENOTFOUND') return `host ${peer.host} not found`;
  if (code) return `${code} talking to ${where}`;
  return `network error talking to ${where}: ${message.replace(/^[\s>-]+/, '')}`;
}

export function exchange(
  peer: Peer,
  requests: readonly DimseRequest[],
  timeoutMs = 10_000,
): Promise<RequestOutcome[]> {
  return new Promise((resolve, reject) => {
    const client = new dimse.Client();
    const outcomes: RequestOutcome[] = requests.map(() => ({ accepted: false, responses: [] }));
    requests.forEach((request, i) => {
      request.on('response', (response: DimseResponse) => outcomes[i]!.responses.push(response));
      client.addRequest(request);
    });
    let failure: AssociationError | undefined;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(guard);
      if (failure) reject(failure);
      else resolve(outcomes);
    };
    // dcmjs-dimse's own timeouts close the socket; this guard only covers a peer that never closes.
    const guard = setTimeout(() => {
      failure ??= new AssociationError(`no answer from ${peer.calledAe} within ${timeoutMs * 3} ms`);
      finish();
    }, timeoutMs * 3);

    client.on('associationAccepted', (association: InstanceType<typeof dimse.association.Association>) => {
      requests.forEach((request, i) => {
        outcomes[i]!.accepted = association.getAcceptedPresentationContextFromRequest(request) !== undefined;
      });
    });
    client.on('associationRejected', (rejection: { reason: number }) => {
      const why = REJECT_REASONS[rejection.reason] ?? `reason ${rejection.reason}`;
      failure = new AssociationError(`association rejected by ${peer.calledAe}: ${why}`);
    });
    client.on('networkError', (error: unknown) => {
      failure ??= new AssociationError(describeNetworkError(peer, error));
    });
    client.on('closed', finish);
    try {
      client.send(peer.host, peer.port, peer.callingAe, peer.calledAe, {
        connectTimeout: timeoutMs,
        associationTimeout: timeoutMs,
        pduTimeout: timeoutMs * 2,
      });
    } catch (error) {
      failure = new AssociationError(describeNetworkError(peer, error));
      finish();
    }
  });
}

/** The final response of a request: the last one (C-FIND sends pendings first). */
export function finalResponse(outcome: RequestOutcome): DimseResponse | undefined {
  return outcome.responses[outcome.responses.length - 1];
}
