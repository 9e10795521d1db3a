/**
 * The chaos run's parameters. Defaults are the full run issue 11 asks for; every one can be scaled down
 * with an environment variable (`CHAOS_DURATION_S=30`) or a flag (`--duration-s 30`), so a short run is
 * the same code as the long one.
 */
export interface ChaosConfig {
  /** Appointments checked in and sent; each makes three messages (worklist, FHIR, HL7 v2). */
  appointments: number;
  /** Seconds of random kills; the run lasts longer if the outage, the freeze or sending need it. */
  durationS: number;
  /** Seconds between one process's kills (from when it is back up), drawn uniformly. */
  killMinS: number;
  killMaxS: number;
  /** Seconds a killed process stays down before it is restarted, drawn uniformly. */
  restartMinS: number;
  restartMaxS: number;
  /** One relay outage of this many seconds (0: none). */
  relayOutageS: number;
  /** One gateway freeze (SIGSTOP … SIGCONT) of this many seconds (0: none). */
  gatewayFreezeS: number;
  /** How long to wait after the last fault for every message to be confirmed. */
  settleS: number;
  /** Fraction of the kill phase over which the sends are spread, so they meet the faults. */
  sendSpread: number;
  /** Seed of every random choice (kill times, delays, order of faults); printed so a run can be repeated. */
  seed: number;
  /** Keep the temporary folder (databases, drop folders, logs) after the run. */
  keep: boolean;
}

export const FULL_RUN: Omit<ChaosConfig, 'seed'> = {
  appointments: 520,
  durationS: 180,
  killMinS: 2,
  killMaxS: 10,
  restartMinS: 0.2,
  restartMaxS: 3,
  relayOutageS: 120,
  gatewayFreezeS: 60,
  settleS: 180,
  sendSpread: 0.6,
  keep: false,
};

const KEYS = Object.keys(FULL_RUN).concat('seed') as Array<keyof ChaosConfig>;

/** `durationS` ↔ `CHAOS_DURATION_S` ↔ `--duration-s`. */
const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function chaosConfigFrom(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  base: Omit<ChaosConfig, 'seed'> = FULL_RUN,
): ChaosConfig {
  const given = new Map<keyof ChaosConfig, string>();
  for (const key of KEYS) {
    const fromEnv = env[`CHAOS_${snake(key)}`];
    if (fromEnv !== undefined) given.set(key, fromEnv);
  }
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const key = KEYS.find((k) => `--${kebab(k)}` === flag);
    if (!key)
      throw new Error(`unknown option ${flag}; options: ${KEYS.map((k) => `--${kebab(k)}`).join(' ')}`);
    if (key === 'keep' && inline === undefined) given.set(key, 'true');
    else given.set(key, inline ?? argv[++i] ?? '');
  }
  const config: ChaosConfig = { ...base, seed: Math.floor(Math.random() * 2 ** 31) };
  for (const [key, text] of given) {
    if (key === 'keep') config.keep = text === 'true' || text === '1';
    else {
      const value = Number(text);
      if (!Number.isFinite(value) || value < 0) throw new Error(`${key} must be a number ≥ 0, not "${text}"`);
      (config as unknown as Record<string, number>)[key] = value;
    }
  }
  if (config.killMaxS < config.killMinS || config.restartMaxS < config.restartMinS)
    throw new Error('each …MaxS must be at least its …MinS');
  if (config.appointments < 1) throw new Error('appointments must be at least 1');
  return config;
}

export function describeConfig(config: ChaosConfig): string {
  return KEYS.map((k) => `${k}=${String(config[k])}`).join(' ');
}
