// How many clients give a ledger of about N lines over the demo's three fiscal years
// (measured on the generator: about 315 lines per client with the default behaviours).
export const LINES_PER_CLIENT = 315;

export function clientsForLines(lines: number): number {
  return Math.max(10, Math.round(lines / LINES_PER_CLIENT));
}
