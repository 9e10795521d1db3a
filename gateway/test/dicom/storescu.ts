import { run, type ToolRun } from './dcmtk';

/**
 * DCMTK's storescu as the modality sending images. `-nh` keeps going after a refused instance so one
 * association can carry good and bad ones; `-d` makes storescu print each response's raw status.
 */
export interface StoreRun extends ToolRun {
  /** The status of each C-STORE response, in order. */
  statuses: number[];
  /** The error comments storescu printed, in order. */
  comments: string[];
}

export async function storescu(
  peer: { port: number; calledAe: string; callingAe?: string },
  files: string[],
  options: string[] = [],
): Promise<StoreRun> {
  const result = await run('storescu', [
    '-d',
    '-nh',
    ...options,
    '-aet',
    peer.callingAe ?? 'MODALITY1',
    '-aec',
    peer.calledAe,
    '127.0.0.1',
    String(peer.port),
    ...files,
  ]);
  const statuses = [...result.output.matchAll(/DIMSE Status\s*:\s*0x([0-9a-fA-F]{4})/g)].map((m) =>
    parseInt(m[1]!, 16),
  );
  const comments = [...result.output.matchAll(/\(0000,0902\) LO \[([^\]]*)\]/g)].map((m) => m[1]!.trim());
  return { ...result, statuses, comments };
}
