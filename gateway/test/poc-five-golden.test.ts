import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPAT_PROFILES_ON, writeTestConfig } from './helpers/config';
import { startInProcess, until, type InProcessGateway } from './helpers/gateway';
import { sendLikeProduction } from './helpers/production-sender';
import { startTestRelay, type TestRelay } from './helpers/relay';

/**
 * Golden frames for `poc-five`, written by hand from the seed's contract (docs/wire-protocol.md): its
 * sender serialises the FHIR payload itself, so `payload` is a JSON *string*, and names the destination
 * by URL (up to 300 characters). The gateway maps a URL only through `profiles.poc-five.destination_urls`.
 */
const ORDER_URL =
  'https://integration.trust.example.nhs.uk/fhir/R4/ServiceRequest?site=breast-screening-unit-2';
const LONG_UNMAPPED = `https://integration.trust.example.nhs.uk/${'orders/'.repeat(36)}`;

let r: TestRelay;
let gw: InProcessGateway;

beforeAll(async () => {
  r = await startTestRelay();
  const setup = await writeTestConfig(r, {
    profiles: {
      ...COMPAT_PROFILES_ON,
      'poc-five': { ...COMPAT_PROFILES_ON['poc-five'], destination_urls: { [ORDER_URL]: 'test-sink' } },
    },
  });
  gw = await startInProcess(setup.configFile);
});

afterAll(async () => {
  await gw?.gateway.stop();
  await r?.relay.stop();
});

const send = async (frame: string) =>
  JSON.parse(await sendLikeProduction(r, frame, 'poc-five')) as Record<string, unknown>;
const delivered = async (id: string) => {
  await until(() => gw.sink.requests.some((q) => q.actionId === id));
  return gw.sink.requests.find((q) => q.actionId === id)?.parameters;
};

describe('poc-five golden frames', () => {
  it('takes the seed frame (payload a JSON string, destination a mapped URL) and delivers the text as sent', async () => {
    const fhir = '{"resourceType":"ServiceRequest","status":"active","subject":{"reference":"Patient/1"}}';
    const frame = JSON.stringify({
      message_id: '1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a10',
      type: 'FHIR',
      payload: fhir,
      destination: ORDER_URL,
    });
    expect(await send(frame)).toEqual({
      status: 'processed',
      message_id: '1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a10',
    });
    expect(await delivered('1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a10')).toMatchObject({
      type: 'FHIR',
      payload: fhir,
      destination: 'test-sink',
    });
  });

  it('takes a payload object too, serialised once, a destination given by name, and ignores extra fields', async () => {
    const frame =
      '{"message_id":"2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c21","type":"FHIR",' +
      '"payload":{"resourceType":"ServiceRequest","status":"active"},"destination":"test-sink",' +
      '"created_at":"2026-06-14T09:00:00Z"}';
    expect(await send(frame)).toEqual({
      status: 'processed',
      message_id: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c21',
    });
    expect((await delivered('2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c21'))?.payload).toBe(
      '{"resourceType":"ServiceRequest","status":"active"}',
    );
  });

  it('refuses an unmapped URL, one over 300 characters, and a payload that is neither text nor object', async () => {
    expect(LONG_UNMAPPED.length).toBeLessThanOrEqual(300);
    const unmapped = JSON.stringify({
      message_id: 'm-3',
      type: 'FHIR',
      payload: '{}',
      destination: LONG_UNMAPPED,
    });
    expect(await send(unmapped)).toEqual({
      status: 'error',
      message_id: 'm-3',
      code: 'not_allowed',
      message: `Destination ${LONG_UNMAPPED.slice(0, 64)}… is not mapped to a configured destination (profiles.poc-five.destination_urls).`,
    });
    const tooLong = JSON.stringify({
      message_id: 'm-4',
      type: 'FHIR',
      payload: '{}',
      destination: `${ORDER_URL}&${'x'.repeat(300)}`,
    });
    expect(await send(tooLong)).toEqual({
      status: 'error',
      code: 'bad_frame',
      message: 'Invalid message: destination: Too big: expected string to have <=300 characters',
    });
    const numeric = '{"message_id":"m-5","type":"FHIR","payload":42,"destination":"test-sink"}';
    expect(await send(numeric)).toEqual({
      status: 'error',
      code: 'bad_frame',
      message: 'Invalid message: payload: a JSON string or a JSON object',
    });
    expect(gw.sink.requests.map((q) => q.actionId).filter((id) => id.startsWith('m-'))).toEqual([]);
  });
});
