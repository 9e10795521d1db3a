import type { DeliveryRequest, DeliveryResult, Destination } from '#gateway/destinations/destination';

/** A destination that records what it was given and answers from a script (default: delivered). */
export class FakeDestination implements Destination {
  readonly kind = 'file' as const;
  readonly requests: DeliveryRequest[] = [];
  script: Array<DeliveryResult> = [];

  constructor(readonly name: string) {}

  async deliver(request: DeliveryRequest): Promise<DeliveryResult> {
    this.requests.push(request);
    return this.script.shift() ?? { outcome: 'delivered' };
  }

  async check(): Promise<{ ok: boolean; message: string }> {
    return { ok: true, message: 'fake' };
  }

  async close(): Promise<void> {}
}
