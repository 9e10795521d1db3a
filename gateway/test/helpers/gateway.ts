import { loadConfig } from '#gateway/config/load';
import { createLogger } from '#gateway/logger';
import { startGateway, type RunningGateway } from '#gateway/gateway';
import { silentLogger, type Logger } from '#gateway/logger';
import { worklistStore } from '#gateway/worklist/binding';
import { FakeDestination } from './fake-destination';

export interface InProcessGateway {
  gateway: RunningGateway;
  sink: FakeDestination;
  offList: FakeDestination;
}

/** The real gateway in this process (real listener, inbox, worklist store) with fake destinations. */
export async function startInProcess(
  configFile: string,
  log: Logger = silentLogger(),
): Promise<InProcessGateway> {
  const config = loadConfig(configFile);
  const sink = new FakeDestination('test-sink');
  const offList = new FakeDestination('off-list');
  const gateway = await startGateway(config, {
    log,
    worklist: worklistStore,
    destinations: new Map([
      [sink.name, sink],
      [offList.name, offList],
    ]),
  });
  await until(() => gateway.supervisor.state === 'listening');
  return { gateway, sink, offList };
}

/** Polls a condition (states and counts, never elapsed time) until it holds or the budget runs out. */
export async function until(condition: () => boolean, timeoutMs = 5000, stepMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** A logger whose JSON lines are kept for assertions (e.g. that "zombie listener" was logged). */
export function capturingLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const log = createLogger('debug', { write: (line: string) => void lines.push(line) });
  return { log, lines };
}
