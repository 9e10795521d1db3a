/** Types for build-stamp.mjs, which `npm run build` and `npm start` use and its test imports. */
export const BUILD_INPUTS: string[];
export const BUILD_OUTPUTS: string[];
export const STAMP_FILE: string;

export interface BuildPaths {
  inputs?: string[];
  outputs?: string[];
  stampFile?: string;
}

export function sourceFingerprint(root: string, inputs?: string[]): string;
export function buildDecision(
  root: string,
  paths?: BuildPaths,
): { build: boolean; reason: string; fingerprint: string };
export function writeStamp(root: string, fingerprint: string, stampFile?: string): void;
