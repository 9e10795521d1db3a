/**
 * The gateway's one table of delivery faults (ADR 0014). Adapters say WHAT went wrong (a row of this
 * table); this table alone says whether that is transient (retried with backoff until it works) or
 * permanent (reported to the app at once), and which outcome the app is told. The rule behind every row:
 * a fault is permanent only when the answer is about this message (the receiver refused it, it cannot
 * be built, it may not go there). Not reaching the receiver, or a receiver that is busy, down or out of
 * disk, says nothing about the message, so the message waits for the receiver to come back.
 */
export const DELIVERY_FAULTS = {
  /** Connection refused or reset, DNS failure, host unreachable, TLS handshake or certificate refused. */
  connection: { transient: true, outcome: 'failed' },
  /** No response (HTTP) or no ACK (MLLP) within the destination's timeout. */
  timeout: { transient: true, outcome: 'failed' },
  /** HTTP 5xx: the server failed, not the request. */
  http_server_error: { transient: true, outcome: 'failed' },
  /** HTTP 408 Request Timeout / 429 Too Many Requests: "try again later" by definition. */
  http_busy: { transient: true, outcome: 'failed' },
  /** Any other HTTP 4xx: the server judged this request and refused it; the same request gets the same. */
  http_refused: { transient: false, outcome: 'rejected' },
  /** 1xx/3xx to a POST: a wrong base_url; following a redirect could place the order twice. */
  http_unexpected: { transient: false, outcome: 'failed' },
  /** MLLP: closed before an ACK, a reply that is not an ACK, or an ACK for another control id. */
  mllp_no_ack: { transient: true, outcome: 'failed' },
  /** HL7 AE/AR/CE/CR whose error code means "not now": 206 record locked, 207 application internal error. */
  hl7_busy: { transient: true, outcome: 'failed' },
  /** HL7 AE/AR/CE/CR for anything else: the receiver refused this message; a person must look at it. */
  hl7_refused: { transient: false, outcome: 'rejected' },
  /** An ACK code HL7 does not define: we cannot tell what the receiver did, so a person must look. */
  hl7_unknown_code: { transient: false, outcome: 'failed' },
  /** File drop: disk full, I/O error, folder missing or not writable (a share offline, rights being fixed). */
  storage: { transient: true, outcome: 'failed' },
  /** The gateway's own database (the worklist destination) failed to write. */
  database: { transient: true, outcome: 'failed' },
  /** The adapter refused the payload (none, wrong type for the destination, unparseable, invalid item). */
  payload_invalid: { transient: false, outcome: 'rejected' },
  /** The destination is not configured or not on `allowed_destinations` when the attempt is made. */
  not_allowed: { transient: false, outcome: 'failed' },
  /** The adapter threw instead of answering: a gateway bug we cannot blame on the message. */
  adapter_error: { transient: true, outcome: 'failed' },
} as const satisfies Record<string, { transient: boolean; outcome: 'failed' | 'rejected' }>;

export type DeliveryFault = keyof typeof DELIVERY_FAULTS;

/** A failed attempt: the adapter's fault row and its words (an HTTP status line, an ACK text, an errno). */
export interface DeliveryFailure {
  /** What the app is told if this is final: `rejected` when the receiver refused the message. */
  outcome: 'failed' | 'rejected';
  fault: DeliveryFault;
  message: string;
}

/** How adapters and the core build a failure, so the outcome always follows the table. */
export function deliveryFailure(fault: DeliveryFault, message: string): DeliveryFailure {
  return { outcome: DELIVERY_FAULTS[fault].outcome, fault, message };
}

/** The table's verdict: transient faults are retried with backoff for as long as it takes. */
export function isTransient(fault: DeliveryFault): boolean {
  return DELIVERY_FAULTS[fault].transient;
}

/** HTTP status (not 2xx) → row. */
export function httpFault(status: number): DeliveryFault {
  if (status === 408 || status === 429) return 'http_busy';
  if (status >= 500) return 'http_server_error';
  if (status >= 400) return 'http_refused';
  return 'http_unexpected';
}

/** HL7 table 0357 codes that describe the receiver's state, not the message: worth sending again. */
const HL7_RETRYABLE_ERRORS = new Set(['206', '207']);

/** A negative HL7 ACK (AE, AR, CE, CR) → row, by its error code (ERR-3, ERR-1.4 or MSA-6) when it has one. */
export function hl7Fault(errorCode: string | undefined): DeliveryFault {
  return errorCode !== undefined && HL7_RETRYABLE_ERRORS.has(errorCode) ? 'hl7_busy' : 'hl7_refused';
}

/** Node's socket error codes that mean "did not reach it in time" rather than "could not reach it". */
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** A network error from Node (`code` on the error) → row; everything that is not a timeout is `connection`. */
export function networkFault(error: unknown): DeliveryFault {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && TIMEOUT_CODES.has(code) ? 'timeout' : 'connection';
}
