import { connect } from 'node:net';

/**
 * What each fuzz target counts and prints (`npm run fuzz` sums the lines): cases tried, crashes (the
 * process threw out, or a server stopped answering its health probe) and unclean answers (anything that
 * was not a named error, a proper status or a proper close). Diagnostics go to stderr, at most a few.
 */
export class FuzzTally {
  cases = 0;
  crashes = 0;
  unclean = 0;
  private notes = 0;

  constructor(readonly target: string) {
    // A throw that escapes a handler in the server under test lands here: that is a crash, not a pass.
    process.on('uncaughtException', (error) => this.crash(`uncaught: ${error.message}`));
    process.on('unhandledRejection', (error) => this.crash(`unhandled rejection: ${String(error)}`));
  }

  crash(detail: string): void {
    this.crashes += 1;
    this.note(`crash: ${detail}`);
  }

  dirty(detail: string): void {
    this.unclean += 1;
    this.note(`unclean: ${detail}`);
  }

  note(text: string): void {
    if (this.notes++ < 20) process.stderr.write(`fuzz.${this.target}: ${text.slice(0, 300)}\n`);
  }

  print(): void {
    process.stdout.write(
      `fuzz.${this.target}.cases: ${this.cases}\nfuzz.${this.target}.crashes: ${this.crashes}\nfuzz.${this.target}.unclean: ${this.unclean}\n`,
    );
  }

  /** Runs a target to the end and exits; a run that throws is itself counted as a crash. */
  run(main: () => Promise<void>): void {
    main().then(
      () => process.exit(0),
      (error: unknown) => {
        this.crash(`the fuzz run itself failed: ${String(error)}`);
        this.print();
        process.exit(1);
      },
    );
  }
}

export interface RawAnswer {
  bytes: Buffer;
  /** The peer closed (FIN or reset) before the timeout. */
  ended: boolean;
}

/** Writes bytes on a fresh TCP connection and collects what comes back until close or the timeout. */
export function rawExchange(
  port: number,
  request: Buffer,
  timeoutMs: number,
  untilEnough?: (bytes: Buffer) => boolean,
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1');
    let done = false;
    const finish = (ended: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ bytes: Buffer.concat(chunks), ended });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      if (untilEnough?.(Buffer.concat(chunks))) finish(true);
    });
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('connect', () => socket.write(request));
  });
}

/** The status of an HTTP response's first line, if there is one. */
export function httpStatus(bytes: Buffer): number | undefined {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(bytes.subarray(0, 32).toString('latin1'));
  return m ? Number(m[1]) : undefined;
}

/** Deterministic pseudo-random numbers, so a run can be repeated with the same FUZZ_SEED. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}
