import { eq } from 'drizzle-orm';
import type { ConnectionTest } from '../../shared/ipc/views';
import { gateways } from '../db/schema';
import type { Dispatcher } from '../outbox/dispatcher';
import type { ProbeResult } from '../relay/probe';
import { appendAudit } from './audit';
import type { ServiceContext } from './context';
import { DomainError } from './errors';
import { failingHealthChecks } from './health-checks';

function describe(result: ProbeResult, what: string): ConnectionTest['echo'] {
  if (result.failure)
    return {
      ok: false,
      roundTripMs: null,
      message: result.failure.message,
      failingPhase: result.failure.phase,
    };
  if (result.reply?.status === 'error')
    return {
      ok: false,
      roundTripMs: result.roundTripMs,
      message: `The gateway answered with an error: ${result.reply.message}`,
      failingPhase: 'rejected',
    };
  return {
    ok: true,
    roundTripMs: result.roundTripMs,
    message: `The gateway answered the ${what}.`,
    failingPhase: null,
  };
}

/** An echo, then a health check, through whatever probe is given; each described in plain words. */
export async function runConnectionTest(
  probe: (type: 'echo' | 'health') => Promise<ProbeResult>,
): Promise<ConnectionTest> {
  const echo = describe(await probe('echo'), 'echo');
  // When the echo did not get through, a health check would only wait out the same timeout again.
  if (!echo.ok && echo.failingPhase !== 'rejected') {
    return {
      echo,
      health: {
        ok: false,
        roundTripMs: null,
        message: 'Not tried: the echo did not get through.',
        failingPhase: echo.failingPhase,
        details: null,
      },
    };
  }
  const healthResult = await probe('health');
  const details = healthResult.reply?.status === 'ok' ? healthResult.reply.health : null;
  const failing = details ? failingHealthChecks(details) : [];
  const health = describe(healthResult, 'health check');
  return {
    echo,
    health:
      failing.length > 0
        ? { ...health, ok: false, message: `The gateway is not healthy. ${failing.join(' ')}`, details }
        : { ...health, details },
  };
}

/** "Test connection": an echo and a health check through the relay, one after the other, audited. */
export async function testGatewayConnection(
  ctx: ServiceContext,
  dispatcher: Pick<Dispatcher, 'probe'>,
  gatewayId: string,
): Promise<ConnectionTest> {
  const gateway = ctx.db.select({ id: gateways.id }).from(gateways).where(eq(gateways.id, gatewayId)).get();
  if (!gateway) throw new DomainError('not_found', 'That gateway no longer exists.');
  const { echo, health } = await runConnectionTest((type) => dispatcher.probe(gatewayId, type));
  appendAudit(ctx.db, {
    at: ctx.now(),
    actor: ctx.actor,
    action: 'gateway.testConnection',
    entityType: 'gateway',
    entityId: gatewayId,
    details: { echo: echo.ok, health: health.ok, phase: echo.failingPhase ?? health.failingPhase },
  });
  return { echo, health };
}
