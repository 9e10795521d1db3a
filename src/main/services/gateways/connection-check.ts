import type { ConnectionTest } from '#shared/ipc/views';
import type { Dispatcher } from '../../outbox/dispatcher';
import type { GatewayProfile } from '#shared/domain/message';
import { profileCapabilities } from 'modality-link-protocol';
import type { ProbeKind, ProbeResult } from '../../relay/probe';
import { appendAudit } from '../audit/audit';
import type { ServiceContext } from '../context';
import { existingGateway } from './gateways';
import { failingHealthChecks } from './health-checks';

type Probe = ConnectionTest['echo'];

function describe(result: ProbeResult, passed: string): Probe {
  if (result.failure)
    return {
      available: true,
      ok: false,
      roundTripMs: null,
      message: result.failure.message,
      failingPhase: result.failure.phase,
    };
  if (result.reply?.status === 'error')
    return {
      available: true,
      ok: false,
      roundTripMs: result.roundTripMs,
      message: `The gateway answered with an error: ${result.reply.message}`,
      failingPhase: 'rejected',
    };
  return { available: true, ok: true, roundTripMs: result.roundTripMs, message: passed, failingPhase: null };
}

/** A check the gateway's protocol cannot do: neither passed nor failed, and why in words. */
function notAvailable(reason: string): Probe {
  return {
    available: false,
    ok: false,
    roundTripMs: null,
    message: `Not available on this protocol: ${reason}.`,
    failingPhase: null,
  };
}

/**
 * An echo, then a health check, through whatever probe is given; each described in plain words. A
 * check the profile's peer cannot answer is reported as not available instead of being run; with no
 * echo either, a connection opened through the relay (nothing sent) shows the gateway is there.
 */
export async function runConnectionTest(
  probe: (kind: ProbeKind) => Promise<ProbeResult>,
  profile: GatewayProfile = 'modality-link/1',
): Promise<ConnectionTest> {
  const checks = profileCapabilities(profile).checks;
  let connection: Probe | undefined;
  let echo: Probe;
  if (checks.echo.available) {
    echo = describe(await probe('echo'), 'The gateway answered the echo.');
  } else {
    connection = describe(
      await probe('connect'),
      'The gateway’s listener took a connection through the relay. Nothing was sent.',
    );
    echo = notAvailable(checks.echo.reason);
  }
  const reached = connection ?? echo;
  if (!checks.health.available) {
    return {
      ...(connection ? { connection } : {}),
      echo,
      health: { ...notAvailable(checks.health.reason), details: null },
    };
  }
  // When the echo did not get through, a health check would only wait out the same timeout again.
  if (!reached.ok && reached.failingPhase !== 'rejected') {
    return {
      ...(connection ? { connection } : {}),
      echo,
      health: {
        available: true,
        ok: false,
        roundTripMs: null,
        message: 'Not tried: the echo did not get through.',
        failingPhase: reached.failingPhase,
        details: null,
      },
    };
  }
  const healthResult = await probe('health');
  const details = healthResult.reply?.status === 'ok' ? healthResult.reply.health : null;
  const failing = details ? failingHealthChecks(details) : [];
  const health = describe(healthResult, 'The gateway answered the health check.');
  return {
    ...(connection ? { connection } : {}),
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
  const gateway = existingGateway(ctx.db, gatewayId);
  const result = await runConnectionTest((kind) => dispatcher.probe(gatewayId, kind), gateway.profile);
  const { connection, echo, health } = result;
  appendAudit(ctx.db, {
    at: ctx.now(),
    actor: ctx.actor,
    action: 'gateway.testConnection',
    entityType: 'gateway',
    entityId: gatewayId,
    details: {
      ...(connection ? { connection: connection.ok } : {}),
      echo: echo.available ? echo.ok : 'not available',
      health: health.available ? health.ok : 'not available',
      phase: connection?.failingPhase ?? echo.failingPhase ?? health.failingPhase,
    },
  });
  return result;
}
