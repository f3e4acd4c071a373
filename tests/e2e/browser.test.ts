// The browser tests of the figures: one Chromium and one server started on the prepared demo
// database, shared by the dashboard's tests (the figures of every page against the API) and the
// usability tests (what a CFO and an analyst trip over, at two widths and in two languages). They
// only read (a rate decided on the Provisions page is taken back). The workflows that write —
// imports, accounts, collections and reminders — are in workflows.test.ts, on servers of their own,
// so that the two files run side by side.
import { afterAll, beforeAll } from 'vitest';
import { launchChromium, startServer, type DemoContext } from './server.ts';
import { dashboardTests } from './dashboard.ts';
import { usabilityTests } from './usability.ts';
import { leversTests } from './levers.ts';

const ctx = {} as DemoContext;

beforeAll(async () => {
  // Chromium first: launchChromium throws at once when there is none, before the demo's preparation
  // starts (cut off by the failure, that preparation would leave its lock to the other test files)
  [ctx.browser, ctx.server] = await Promise.all([launchChromium(), startServer({ demo: 'prepared' })]);
});
afterAll(async () => {
  await ctx.browser?.close();
  await ctx.server?.stop();
});

dashboardTests(ctx);
leversTests(ctx);
usabilityTests(ctx);
