// Types of build-server.js, for the TypeScript that imports it (bench/load.ts).
export const SERVER_ENTRIES: Record<string, string>;
export function buildServer(): Promise<void>;
