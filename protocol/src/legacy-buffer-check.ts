/**
 * hyco-ws, the relay client at both ends of the wire, bundles ws 1.1.5, which allocates with the
 * deprecated `new Buffer()` for every frame it sends and for frames it receives. Node answers each of the
 * first 10,000 such calls in a process by capturing a stack trace of up to 100 frames, to see whether the
 * caller sits in node_modules (DEP0005): about 20 µs when warm and about 75 µs on an idle machine, several
 * times for each message of a clinic's send (ADR 0023, round 4). Node stops checking once the warning has
 * been issued, so it is issued here once, silenced, instead. Other deprecation warnings are unaffected.
 * Outside Node (the renderer) there is nothing to do.
 */
let settled = false;

export function skipLegacyBufferCheck(): void {
  if (settled) return;
  settled = true;
  const runtime = globalThis as {
    process?: { noDeprecation?: boolean };
    Buffer?: new (size: number) => unknown;
  };
  const { process, Buffer } = runtime;
  if (!process || !Buffer) return;
  const noDeprecation = process.noDeprecation;
  process.noDeprecation = true;
  try {
    new Buffer(0);
  } finally {
    process.noDeprecation = noDeprecation;
  }
}
