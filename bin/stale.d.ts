// Types of stale.js, for the TypeScript that imports it (bench/load.ts).
export function isStale(builtFile: string, sourceDirs: string[]): boolean;
