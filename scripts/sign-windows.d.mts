/** Types for sign-windows.mjs, electron-builder's Windows sign hook (loaded by electron-builder itself). */
export type SigningDecision =
  | { method: 'azure'; endpoint: string; account: string; profile: string }
  | { method: 'certificate' }
  | { method: 'skip' }
  | { method: 'error'; message: string };
export function signingDecision(env: NodeJS.ProcessEnv, cscInfo: unknown): SigningDecision;
export function azureSignArgs(decision: SigningDecision & { method: 'azure' }, file: string): string[];
export function sign(
  configuration: { path: string; cscInfo: unknown },
  packager: { signingManager: { value: Promise<{ doSign(c: unknown, p: unknown): Promise<void> }> } },
  deps?: {
    env?: NodeJS.ProcessEnv;
    log?: (line: string) => void;
    exec?: (cmd: string, args: string[]) => unknown;
  },
): Promise<boolean>;
