import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestApp, FIRST_APPOINTMENT_ID } from '../../../test-support/test-app';
import { startWebHost, webCsp, type WebHost } from './web-host';

const TOKEN = 'test-token-0123456789abcdef';
let host: WebHost;
let rendererDir: string;

beforeEach(async () => {
  rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-renderer-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Modality Link</title>');
  fs.writeFileSync(path.join(os.tmpdir(), 'ml-secret.txt'), 'outside the renderer');
  const app = createTestApp();
  host = await startWebHost({ ...app, rendererDir, token: TOKEN });
});
afterEach(async () => {
  await host.close();
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

const call = (
  channel: string,
  body: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` },
) =>
  fetch(`${host.url}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('web host', () => {
  it('binds to loopback and prints a UI address carrying the token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.uiUrl).toBe(`${host.url}/?token=${TOKEN}#/clinics`);
  });

  it('answers a call with the token', async () => {
    const response = await call('clinics.list', {});
    expect(response.status).toBe(200);
    const body = (await response.json()) as { ok: boolean; value: unknown[] };
    expect(body.ok).toBe(true);
    expect(body.value.length).toBeGreaterThan(0);
  });

  it('refuses calls without the token or with a wrong one', async () => {
    expect((await call('clinics.list', {}, {})).status).toBe(401);
    expect((await call('clinics.list', {}, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await call('clinics.list', {}, { authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
  });

  it('refuses other origins even with the token', async () => {
    const response = await call(
      'clinics.list',
      {},
      { authorization: `Bearer ${TOKEN}`, origin: 'http://evil.example' },
    );
    expect(response.status).toBe(403);
  });

  it('maps typed errors to HTTP statuses and keeps the result body', async () => {
    const response = await call('appointments.sendToModality', { appointmentId: FIRST_APPOINTMENT_ID });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ ok: false, error: { kind: 'invalid_transition' } });
    const bad = await call('appointments.checkIn', { appointmentId: 5 });
    expect(bad.status).toBe(400);
  });

  it('rejects a body that is not JSON', async () => {
    const response = await fetch(`${host.url}/api/clinics.list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: '{nope',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { message: 'Request body is not valid JSON.' } });
  });

  it('serves the renderer, refuses to be framed, and never serves files outside it', async () => {
    const page = await fetch(`${host.url}/?token=${TOKEN}`);
    expect(await page.text()).toContain('<title>Modality Link</title>');
    expect(page.headers.get('content-security-policy')).toBe(webCsp(host.port));
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const escape = await fetch(`${host.url}/..%2f..%2fml-secret.txt`);
    expect(await escape.text()).not.toContain('outside the renderer');
  });

  it('pushes events to a socket that presents the token, and refuses one that does not', async () => {
    const wsUrl = host.url.replace('http', 'ws');
    const refused = new WebSocket(`${wsUrl}/events?token=wrong`);
    await new Promise<void>((resolve) => refused.on('error', () => resolve()));

    const socket = new WebSocket(`${wsUrl}/events?token=${TOKEN}`);
    await new Promise((resolve) => socket.on('open', resolve));
    const frame = new Promise<{ event: string; payload: { id: string; state: string } }>((resolve) =>
      socket.once('message', (data) => resolve(JSON.parse(String(data)))),
    );
    await call('appointments.checkIn', { appointmentId: FIRST_APPOINTMENT_ID });
    expect(await frame).toMatchObject({
      event: 'appointment.changed',
      payload: { id: FIRST_APPOINTMENT_ID, state: 'checked_in' },
    });
    socket.close();
  });
});
