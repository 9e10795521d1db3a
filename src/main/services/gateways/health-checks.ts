/**
 * The gateway's health reply in words: which checks failed and what that means for the clinic. Both
 * shapes are read: ours (`{ok, …}` per check, destinations nested) and production's (booleans allowed).
 */
const CHECK_WORDS: Record<string, string> = {
  mwl_port: 'The worklist port is not accepting connections, so the modality cannot see the worklist.',
  pacs_port: 'The image storage port is not accepting connections, so images cannot come back.',
  disk: "The gateway's disk is nearly full.",
  image_disk: "The disk holding the gateway's images is nearly full.",
  listener: 'The gateway is not listening on the relay.',
};

type Health = Record<string, unknown>;

function failed(value: unknown): boolean {
  if (typeof value === 'boolean') return !value;
  if (value && typeof value === 'object' && 'ok' in value) return (value as { ok: unknown }).ok !== true;
  return false;
}

function freeSpace(value: unknown): string {
  const v = value as { free_bytes?: unknown; free_percent?: unknown };
  if (typeof v?.free_bytes !== 'number') return '';
  const gib = (v.free_bytes / 1024 ** 3).toFixed(1);
  return typeof v.free_percent === 'number' ? ` ${gib} GB free (${v.free_percent} %).` : ` ${gib} GB free.`;
}

/** One sentence per failing check; empty when the gateway says it is healthy and no check failed. */
export function failingHealthChecks(health: Health): string[] {
  const checks = (health.checks ?? {}) as Record<string, unknown>;
  const sentences: string[] = [];
  for (const [name, value] of Object.entries(checks)) {
    if (name === 'destinations' && value && typeof value === 'object') {
      for (const [destination, result] of Object.entries(value as Record<string, unknown>)) {
        if (!failed(result)) continue;
        const detail = (result as { message?: unknown }).message;
        sentences.push(
          `The destination "${destination}" cannot be reached${typeof detail === 'string' ? ` (${detail})` : ''}.`,
        );
      }
      continue;
    }
    if (!failed(value)) continue;
    const words = CHECK_WORDS[name] ?? `The gateway's "${name}" check failed.`;
    const free = name.endsWith('disk') ? freeSpace(value) : '';
    sentences.push(free ? `${words.slice(0, -1)}:${free}` : words);
  }
  if (health.healthy === false && sentences.length === 0)
    sentences.push(
      'The gateway reports itself unhealthy without naming a check; ask IT to run its check command.',
    );
  return sentences;
}
