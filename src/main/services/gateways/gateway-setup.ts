import { and, eq, inArray } from 'drizzle-orm';
import { parseRelayBase } from 'modality-link-relay';
import type { GatewayDraft } from '#shared/ipc/gateway-setup';
import type { ConnectionTest, GatewayView } from '#shared/ipc/views';
import { gateways, messages, providers } from '../../db/schema';
import type { ChannelFactory } from '../../relay/channel-factory';
import type { ConnectionStatus } from '../../relay/connection-status';
import { probeChannel } from '../../relay/probe';
import type { SecretStore } from '../../secrets/secret-store';
import { appendAudit } from '../audit/audit';
import type { ServiceContext } from '../context';
import { DomainError } from '../errors';
import { runConnectionTest } from './connection-check';
import { getGatewayView, type ConnectionStatusLookup } from './gateway-views';
import type { GatewayRow } from './gateways';

export const sendKeyRef = (gatewayId: string) => `relay-send-key:${gatewayId}`;

/**
 * A waiting message was built for its gateway's protocol when it was queued (scheduled times in UTC
 * or in clinic time, ADR 0018), so the protocol may change only once nothing waits for the gateway.
 */
function refuseWhileMessagesWait(
  tx: Pick<ServiceContext['db'], 'select'>,
  gateway: { id: string; profile: string },
): void {
  const waiting = tx
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(eq(messages.gatewayId, gateway.id), inArray(messages.status, ['queued', 'sending', 'retry_wait'])),
    )
    .all().length;
  if (waiting === 0) return;
  throw new DomainError(
    'conflict',
    `${waiting === 1 ? '1 message is' : `${waiting} messages are`} still waiting to go through this gateway, built for its current protocol (${gateway.profile}). Wait until they have gone, or cancel them on the Messages screen, then change the protocol.`,
  );
}

/**
 * Adding and editing gateways: a real site's relay namespace, hybrid connection, send rule and key,
 * profile, routes and the gateway's public key. The send key goes to the secret store and never comes
 * back out; "Test connection" can run on the form's values before anything is saved.
 */
export class GatewaySetup {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly secrets: SecretStore,
    private readonly channels: (secrets: SecretStore) => ChannelFactory,
    private readonly status: ConnectionStatusLookup,
    private readonly onChanged: (gatewayId: string) => Promise<void>,
  ) {}

  async save(draft: GatewayDraft): Promise<GatewayView> {
    const now = this.ctx.now();
    const id = draft.id ?? this.ctx.newId();
    const row = this.toRow(draft, id, now.toISOString());
    this.ctx.db.transaction((tx) => {
      if (!tx.select({ id: providers.id }).from(providers).where(eq(providers.id, draft.providerId)).get()) {
        throw new DomainError('not_found', 'That provider no longer exists.');
      }
      const existing = draft.id
        ? tx.select().from(gateways).where(eq(gateways.id, draft.id)).get()
        : undefined;
      if (draft.id && !existing) throw new DomainError('not_found', 'That gateway no longer exists.');
      if (existing && existing.profile !== draft.profile) refuseWhileMessagesWait(tx, existing);
      if (draft.makeDefault)
        tx.update(gateways).set({ isDefault: false }).where(eq(gateways.providerId, draft.providerId)).run();
      const values = {
        ...row,
        createdAt: existing?.createdAt ?? row.createdAt,
        isDefault: draft.makeDefault ?? existing?.isDefault ?? false,
      };
      if (existing) tx.update(gateways).set(values).where(eq(gateways.id, id)).run();
      else tx.insert(gateways).values(values).run();
      appendAudit(tx, {
        at: now,
        actor: this.ctx.actor,
        action: existing ? 'gateway.updated' : 'gateway.created',
        entityType: 'gateway',
        entityId: id,
        // Which settings, never their values: the key especially.
        details: {
          fields: Object.keys(draft).filter((k) => k !== 'id'),
          keyChanged: draft.sendKey !== undefined,
        },
      });
    });
    if (draft.sendKey) this.secrets.set(sendKeyRef(id), draft.sendKey);
    await this.onChanged(id);
    const view = getGatewayView(this.ctx.db, id, this.status(id));
    if (!view) throw new DomainError('not_found', 'That gateway no longer exists.');
    this.ctx.events.emit('gateway.changed', view);
    return view;
  }

  /** Echo and health through the relay with the form's values, before saving; nothing is stored. */
  async testDraft(draft: GatewayDraft): Promise<ConnectionTest> {
    const id = draft.id ?? `draft-${this.ctx.newId()}`;
    const key = draft.sendKey ?? this.secrets.get(sendKeyRef(id));
    if (!key) throw new DomainError('conflict', 'Enter the send key to test the connection.');
    const scratch = new Map([[sendKeyRef(id), key]]);
    const draftSecrets: SecretStore = {
      get: (name) => scratch.get(name),
      set: (name, value) => void scratch.set(name, value),
      delete: (name) => void scratch.delete(name),
    };
    const channel = this.channels(draftSecrets).create(
      this.toRow(draft, id, this.ctx.now().toISOString()) as GatewayRow,
    );
    try {
      return await runConnectionTest(
        (kind) => probeChannel(channel, kind, this.ctx.now(), draft.profile),
        draft.profile,
      );
    } finally {
      await channel.close();
    }
  }

  private toRow(draft: GatewayDraft, id: string, at: string) {
    const base = parseRelayBase(draft.relayAddress);
    return {
      id,
      providerId: draft.providerId,
      name: draft.name,
      relayScheme: base.scheme,
      relayHost: base.host,
      relayPort: base.port ?? null,
      hybridConnection: draft.hybridConnection,
      sendRuleName: draft.sendRuleName,
      sendKeyRef: sendKeyRef(id),
      profile: draft.profile,
      routes: JSON.stringify(draft.routes),
      gatewayPublicKey: draft.gatewayPublicKey ?? null,
      modalityAeTitle: draft.modalityAeTitle ?? null,
      ackTimeoutSeconds: 30,
      isDefault: false,
      createdAt: at,
    };
  }
}

export type { ConnectionStatus };
