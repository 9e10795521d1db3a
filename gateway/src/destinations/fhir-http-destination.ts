import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { proxyAgent, type ProxyRule } from 'modality-link-relay';
import { deliverPayload, MESSAGE_TYPE } from './delivery-payload';
import type { DeliveryRequest, DeliveryResult, Destination, DestinationCheck } from './destination';
import { deliveryFailure, httpFault, networkFault } from './delivery-faults';
import { outcomeText } from './fhir-outcome';

/**
 * Posts FHIR ServiceRequests to a trust's FHIR endpoint as a conditional create, so a resend (the app
 * retrying after a lost reply, or the core retrying a `failed` outcome) cannot create a second order:
 * `If-None-Exist: identifier=<system>|<accession>` makes the server answer 200 with the existing one.
 *
 * One attempt per `deliver`: no retry loop in here. A 5xx, 408, 429 or network error is a transient
 * fault (delivery-faults.ts) and the core's delivery worker re-schedules with its own backoff, which
 * survives restarts and is visible in health; a loop here would hide attempts and hold the worker.
 *
 * TLS is always verified. `ca` (from `ca_file`) is trusted in addition to Node's public roots, for trusts
 * whose engines present certificates from an internal CA.
 */
interface FhirHttpDestinationOptions {
  name: string;
  baseUrl: string;
  /** PEM text of extra trusted CA certificates. */
  ca?: string;
  bearerToken?: string;
  timeoutMs: number;
  /** Outbound proxy: requests go through a CONNECT tunnel (TLS still verified end to end). */
  proxy?: ProxyRule;
}

interface HttpAnswer {
  status: number;
  statusText: string;
  location?: string;
  body: string;
}

const BODY_LIMIT = 64 * 1024;
const FHIR_JSON = 'application/fhir+json';

/** FHIR search escaping (`\`, `,`, `$`, `|`), then URL-encoding that keeps a system URL readable. */
function searchValue(text: string): string {
  return encodeURIComponent(text.replace(/[\\,$|]/g, '\\$&'))
    .replace(/%3A/gi, ':')
    .replace(/%2F/gi, '/');
}

interface Identifier {
  system?: unknown;
  value?: unknown;
  type?: { coding?: Array<{ code?: unknown }> };
}

/** The accession identifier (type ACSN) if marked, else the first identifier with system and value. */
function conditionalCreateQuery(resource: unknown): string | undefined {
  const identifiers = (resource as { identifier?: unknown }).identifier;
  if (!Array.isArray(identifiers)) return undefined;
  const usable = (identifiers as Identifier[]).filter(
    (i) => typeof i?.system === 'string' && i.system !== '' && typeof i.value === 'string' && i.value !== '',
  );
  const chosen = usable.find((i) => i.type?.coding?.some((c) => c.code === 'ACSN')) ?? usable[0];
  return (
    chosen && `identifier=${searchValue(chosen.system as string)}|${searchValue(chosen.value as string)}`
  );
}

export class FhirHttpDestination implements Destination {
  readonly kind = 'fhir' as const;
  readonly name: string;
  private readonly base: URL;
  private readonly agent: http.Agent;

  constructor(private readonly options: FhirHttpDestinationOptions) {
    this.name = options.name;
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    const ca = options.ca ? [...rootCertificates, options.ca] : undefined;
    this.agent = options.proxy
      ? proxyAgent(options.proxy, this.base, { keepAlive: true, ...(ca ? { ca } : {}) })
      : this.base.protocol === 'https:'
        ? new https.Agent({
            keepAlive: true,
            rejectUnauthorized: true,
            ...(ca ? { ca } : {}),
          })
        : new http.Agent({ keepAlive: true });
  }

  async deliver(request: DeliveryRequest): Promise<DeliveryResult> {
    const input = deliverPayload(request);
    if (!input.ok) return deliveryFailure('payload_invalid', input.message);
    if (input.type !== MESSAGE_TYPE.fhir)
      return deliveryFailure('payload_invalid', `FHIR destination cannot deliver ${input.type} messages`);
    let resource: unknown;
    try {
      resource = JSON.parse(input.payload);
    } catch {
      return deliveryFailure('payload_invalid', 'payload is not JSON');
    }
    if ((resource as { resourceType?: unknown })?.resourceType !== 'ServiceRequest')
      return deliveryFailure('payload_invalid', 'payload is not a FHIR ServiceRequest');
    const ifNoneExist = conditionalCreateQuery(resource);
    if (!ifNoneExist)
      return deliveryFailure('payload_invalid', 'ServiceRequest has no identifier with system and value');

    let answer: HttpAnswer;
    try {
      answer = await this.send(
        'POST',
        'ServiceRequest',
        {
          'Content-Type': `${FHIR_JSON}; charset=utf-8`,
          'If-None-Exist': ifNoneExist,
          // We do not need the resource back; asking for less keeps patient data off the return path.
          Prefer: 'return=minimal',
        },
        input.payload,
      );
    } catch (error) {
      return deliveryFailure(networkFault(error), `FHIR request failed: ${networkReason(error)}`);
    }
    return classify(answer);
  }

  async check(): Promise<DestinationCheck> {
    try {
      const answer = await this.send('GET', 'metadata', {});
      const ok = answer.status >= 200 && answer.status < 300;
      return {
        ok,
        message: `FHIR server ${ok ? 'answered' : 'refused'} GET metadata with HTTP ${answer.status}`,
      };
    } catch (error) {
      return { ok: false, message: `FHIR server unreachable: ${networkReason(error)}` };
    }
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }

  private send(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<HttpAnswer> {
    const url = new URL(path, this.base);
    const client = url.protocol === 'https:' ? https : http;
    const bytes = body === undefined ? undefined : Buffer.from(body, 'utf8');
    return new Promise((resolve, reject) => {
      const req = client.request(url, {
        method,
        agent: this.agent,
        headers: {
          Accept: FHIR_JSON,
          ...(this.options.bearerToken ? { Authorization: `Bearer ${this.options.bearerToken}` } : {}),
          ...(bytes ? { 'Content-Length': String(bytes.length) } : {}),
          ...headers,
        },
      });
      // A whole-request deadline: socket idle timeouts alone would let a slow drip hold a delivery forever.
      const timer = setTimeout(
        () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })),
        this.options.timeoutMs,
      );
      req.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= BODY_LIMIT) chunks.push(chunk);
        });
        res.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            ...(typeof res.headers.location === 'string' ? { location: res.headers.location } : {}),
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      });
      req.end(bytes);
    });
  }
}

function classify(answer: HttpAnswer): DeliveryResult {
  const { status } = answer;
  const http = `HTTP ${status}${answer.statusText ? ` ${answer.statusText}` : ''}`;
  if (status === 200 || status === 201) {
    // 200 to a conditional create means "already there": the resend was recognised, not duplicated.
    const what = status === 200 ? 'already present' : 'created';
    const where = answer.location
      ? ` at ${new URL(answer.location, 'http://x').pathname.replace(/^\//, '')}`
      : '';
    return { outcome: 'delivered', message: `ServiceRequest ${what} (${http})${where}` };
  }
  if (status >= 200 && status < 300) return { outcome: 'delivered', message: http };
  const fault = httpFault(status);
  // A redirect for a POST is a configuration problem (wrong base_url); following it could re-send the order.
  if (fault === 'http_unexpected')
    return deliveryFailure(fault, `${http}: unexpected response; check base_url`);
  return deliveryFailure(fault, withOutcome(http, answer.body));
}

function withOutcome(http: string, body: string): string {
  const text = outcomeText(body);
  return text ? `${http}: ${text}` : http;
}

/** A short, data-free reason: error code where Node gives one (ECONNREFUSED, CERT_HAS_EXPIRED, ...). */
function networkReason(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string') return code === 'ETIMEDOUT' ? 'no response in time (ETIMEDOUT)' : code;
  return error instanceof Error ? error.message : 'unknown error';
}
