/** Each import cycle among the source files under `dirs` (relative to `root`), as its sorted files. */
export function findImportCycles(root: string, dirs: string[]): string[][];
