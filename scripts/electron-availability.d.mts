/** Types for electron-availability.mjs, which plain-Node scripts import directly. */
export function electronBinaryPath(): string | null;
export function electronUnavailableReason(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): string | null;
