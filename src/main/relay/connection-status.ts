import type { FailingPhase } from '#shared/domain/message';
import type { ChannelState } from './gateway-channel';

/** What the app knows of one gateway's connection, as the gateway monitor keeps it and screens show it. */
export interface ConnectionStatus {
  state: ChannelState;
  lastContactAt: string | null;
  lastRoundTripMs: number | null;
  lastError: string | null;
  failingPhase: FailingPhase | null;
}
