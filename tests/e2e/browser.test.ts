// The browser tests: one Chromium; one server started on the prepared demo database, shared by the
// dashboard's tests (the figures of every page against the API) and the usability tests (what a
// CFO and an analyst trip over, at two widths and in two languages); the Imports page and the
// accounts, each on a server of its own; the collections workflow last, as it writes.
import { afterAll, beforeAll } from 'vitest';
import { launchChromium, startServer, type DemoContext } from './server.ts';
import { dashboardTests } from './dashboard.ts';
import { usabilityTests } from './usability.ts';
import { importsTests } from './imports.ts';
import { accountsTests } from './accounts.ts';
import { collectionsTests } from './collections.ts';

const ctx = {} as DemoContext;

beforeAll(async () => {
  [ctx.server, ctx.browser] = await Promise.all([startServer({ demo: 'prepared' }), launchChromium()]);
});
afterAll(async () => {
  await ctx.browser?.close();
  await ctx.server?.stop();
});

dashboardTests(ctx);
usabilityTests(ctx);
importsTests(ctx);
accountsTests(ctx);
// last: it records actions on the shared server
collectionsTests(ctx);
