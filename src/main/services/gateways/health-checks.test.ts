import { describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../relay/probe';
import { eq } from 'drizzle-orm';
import { auditEvents, gateways } from '../../db/schema';
import { createTestApp } from '../../../../test-support/test-app';
import { runConnectionTest, testGatewayConnection } from './connection-check';
import { failingHealthChecks } from './health-checks';

const answered = (reply: ProbeResult['reply']): ProbeResult => ({ reply, roundTripMs: 3, failure: null });
const echo = answered({ status: 'echo', payload: {} });

describe('the health reply in words', () => {
  it('names each failing check of our gateway, destinations included', () => {
    expect(
      failingHealthChecks({
        healthy: false,
        checks: {
          mwl_port: { ok: false, listening: false },
          disk: { ok: false, free_bytes: 512 * 1024 ** 2, free_percent: 2.5 },
          destinations: { 'trust-fhir': { ok: false, message: 'connect ECONNREFUSED' }, mwl: { ok: true } },
        },
      }),
    ).toEqual([
      'The worklist port is not accepting connections, so the modality cannot see the worklist.',
      "The gateway's disk is nearly full: 0.5 GB free (2.5 %).",
      'The destination "trust-fhir" cannot be reached (connect ECONNREFUSED).',
    ]);
  });

  it("reads production's boolean checks and names an unknown one", () => {
    expect(
      failingHealthChecks({ healthy: false, checks: { pacs_port: false, relay_queue: { ok: false } } }),
    ).toEqual([
      'The image storage port is not accepting connections, so images cannot come back.',
      'The gateway\'s "relay_queue" check failed.',
    ]);
  });

  it('still says so when the gateway is unhealthy without naming a check', () => {
    expect(failingHealthChecks({ healthy: false })).toEqual([
      'The gateway reports itself unhealthy without naming a check; ask IT to run its check command.',
    ]);
    expect(failingHealthChecks({ healthy: true, checks: { disk: { ok: true } } })).toEqual([]);
  });
});

describe('Test connection', () => {
  it('fails the health check when the gateway answers healthy: false, listing what failed', async () => {
    const health = { healthy: false, checks: { mwl_port: { ok: false } } };
    const result = await runConnectionTest(async (type) =>
      type === 'echo' ? echo : answered({ status: 'ok', action_id: 'h', health }),
    );
    expect(result.echo.ok).toBe(true);
    expect(result.health).toEqual({
      available: true,
      ok: false,
      roundTripMs: 3,
      message:
        'The gateway is not healthy. The worklist port is not accepting connections, so the modality cannot see the worklist.',
      failingPhase: null,
      details: health,
    });
  });

  it('passes a healthy gateway', async () => {
    const health = { healthy: true, checks: { mwl_port: { ok: true, port: 4243 } } };
    const result = await runConnectionTest(async (type) =>
      type === 'echo' ? echo : answered({ status: 'ok', action_id: 'h', health }),
    );
    expect(result.health).toMatchObject({ ok: true, message: 'The gateway answered the health check.' });
  });
});

describe('Test connection on a saved gateway whose protocol lacks checks', () => {
  it('connects only, and audits echo and health as not available rather than passed', async () => {
    const { db, ctx } = createTestApp();
    db.update(gateways).set({ profile: 'poc-five' }).where(eq(gateways.id, 'gateway-alpha')).run();
    const asked: string[] = [];
    const result = await testGatewayConnection(
      ctx,
      {
        probe: async (gatewayId, kind) => {
          asked.push(`${gatewayId} ${kind}`);
          return { reply: null, roundTripMs: 3, failure: null };
        },
      },
      'gateway-alpha',
    );
    expect(asked).toEqual(['gateway-alpha connect']);
    expect(result.connection).toMatchObject({ available: true, ok: true });
    expect([result.echo.available, result.health.available]).toEqual([false, false]);
    const audit = db.select().from(auditEvents).where(eq(auditEvents.action, 'gateway.testConnection')).get();
    expect(JSON.parse(audit!.details!)).toEqual({
      connection: true,
      echo: 'not available',
      health: 'not available',
      phase: null,
    });
  });
});
