import { eq } from 'drizzle-orm';
import type { GatewayProfile } from '#shared/domain/message';
import type { Rehearsal, RehearsalPhase } from '#shared/ipc/rehearsal';
import {
  type ActionEnvelope,
  profileCapabilities,
  SCHEMA_VERSION,
  SOURCE_SYSTEM,
} from 'modality-link-protocol';
import { clinics } from '../../db/schema';
import type { Dispatcher } from '../../outbox/dispatcher';
import { DeliveryFailure } from '../../relay/delivery-failure';
import { sendActionNow, type ActionResult } from '../../relay/send-action';
import { appendAudit } from '../audit/audit';
import type { ServiceContext } from '../context';
import { DomainError } from '../errors';
import { existingGateway } from '../gateways/gateways';
import { saveRehearsal } from './rehearsal-store';
import { runRehearsal, type RehearsalPorts } from './run-rehearsal';

const DEFAULT_WAIT_SECONDS = 45;

/**
 * How long the modality has for its steps (MPPS, an image) before they are reported as not performed:
 * `MODALITY_LINK_REHEARSAL_WAIT_SECONDS` (1 to 600), else 45 s, enough for a modality polling its
 * worklist every few seconds.
 */
export function rehearsalWaitSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.MODALITY_LINK_REHEARSAL_WAIT_SECONDS);
  return Number.isInteger(seconds) && seconds >= 1 && seconds <= 600 ? seconds : DEFAULT_WAIT_SECONDS;
}

const running = new Set<string>();
const EVENT_POLL_MS = 100;

/**
 * "Rehearse": sends a test participant round one gateway's loop, keeps the result and audits it. One
 * rehearsal per gateway at a time. Nothing of it is an appointment or an outbox message, so it cannot
 * reach clinic lists, the Messages screen or the dashboard.
 */
export async function rehearseGateway(
  ctx: ServiceContext,
  dispatcher: Pick<Dispatcher, 'probe' | 'channelFor'>,
  input: { gatewayId: string; clinicId?: string | undefined },
  waitSeconds = rehearsalWaitSeconds(),
): Promise<Rehearsal> {
  const { gatewayId } = input;
  const gateway = existingGateway(ctx.db, gatewayId);
  if (
    input.clinicId &&
    !ctx.db.select({ id: clinics.id }).from(clinics).where(eq(clinics.id, input.clinicId)).get()
  )
    throw new DomainError('not_found', 'That clinic no longer exists.');
  if (running.has(gatewayId))
    throw new DomainError('conflict', 'A rehearsal of this gateway is already running. Wait for its result.');
  running.add(gatewayId);
  try {
    const startedAt = ctx.now().toISOString();
    const phases = await runRehearsal(ports(ctx, dispatcher, gatewayId, gateway.profile, waitSeconds));
    const failed = phases.find((p) => p.status === 'failed');
    const rehearsal: Rehearsal = {
      id: ctx.newId(),
      gatewayId,
      clinicId: input.clinicId ?? null,
      startedAt,
      finishedAt: ctx.now().toISOString(),
      outcome: failed ? 'failed' : 'passed',
      summary: summarise(phases),
      phases,
    };
    ctx.db.transaction((tx) => {
      saveRehearsal(tx, rehearsal, ctx.actor);
      appendAudit(tx, {
        at: ctx.now(),
        actor: ctx.actor,
        action: 'gateway.rehearse',
        entityType: 'gateway',
        entityId: gatewayId,
        details: {
          outcome: rehearsal.outcome,
          failedPhase: failed?.phase ?? null,
          clinicId: rehearsal.clinicId,
        },
      });
    });
    return rehearsal;
  } finally {
    running.delete(gatewayId);
  }
}

function ports(
  ctx: ServiceContext,
  dispatcher: Pick<Dispatcher, 'probe' | 'channelFor'>,
  gatewayId: string,
  profile: GatewayProfile,
  waitSeconds: number,
): RehearsalPorts {
  const hasEcho = profileCapabilities(profile).checks.echo.available;
  const seen = ctx.db.$client.prepare(
    `SELECT 1 FROM gateway_events WHERE gateway_id = ? AND accession_number = ? AND event_type IN (SELECT value FROM json_each(?)) LIMIT 1`,
  );
  return {
    profile,
    waitSeconds,
    clock: () => performance.now(),
    reachGateway: () => dispatcher.probe(gatewayId, hasEcho ? 'echo' : 'connect'),
    send: async (actionType, parameters): Promise<ActionResult> => {
      const id = ctx.newId();
      const envelope: ActionEnvelope = {
        schema_version: SCHEMA_VERSION,
        action_id: id,
        action_type: actionType,
        timestamp: ctx.now().toISOString(),
        source_system: SOURCE_SYSTEM,
        parameters,
      };
      try {
        const channel = dispatcher.channelFor(gatewayId);
        return await sendActionNow(channel, { messageId: id, envelope }, profile);
      } catch (error) {
        const failure =
          error instanceof DeliveryFailure
            ? error
            : new DeliveryFailure('send_failed', (error as Error).message);
        return { reply: null, roundTripMs: null, failure };
      }
    },
    eventArrived: async (accession, types, deadline) => {
      const query = () => seen.get(gatewayId, accession, JSON.stringify(types)) !== undefined;
      while (!query()) {
        if (performance.now() >= deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, EVENT_POLL_MS));
      }
      return true;
    },
  };
}

/** The words after "Rehearsed 07:42, ". */
export function summarise(phases: RehearsalPhase[]): string {
  const failed = phases.find((p) => p.status === 'failed');
  if (failed) return `failed at “${failed.name}”`;
  if (phases.every((p) => p.status === 'passed')) return 'all phases passed';
  if (phases.some((p) => p.status === 'not_available'))
    return 'the gateway answered; the other phases are not available on its protocol';
  return 'all required phases passed; the modality did not take part in time';
}
