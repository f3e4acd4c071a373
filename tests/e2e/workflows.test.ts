// The browser tests of the workflows that write: one Chromium; the Imports page and the accounts,
// each on a server of its own; the collections workflow and the reminders sent on a server started
// on the prepared demo database, which sends its e-mails to a real SMTP server started here. Beside
// browser.test.ts (the figures), in a process of its own.
import { afterAll, beforeAll } from 'vitest';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { launchChromium, startServer, type DemoContext } from './server.ts';
import { importsTests } from './imports.ts';
import { accountsTests } from './accounts.ts';
import { collectionsTests } from './collections.ts';
import { remindersTests } from './reminders.ts';
import { creditTests } from './credit.ts';

const ctx = {} as DemoContext;
let smtp: SMTPServer | undefined;

beforeAll(async () => {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => received.push(mail))
        .then(() => callback(), callback);
    },
  });
  smtp = server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ctx.smtp = { port: (server.server.address() as AddressInfo).port, received };
  const env = { ENCOURS_SMTP_HOST: '127.0.0.1', ENCOURS_SMTP_PORT: String(ctx.smtp.port), ENCOURS_SMTP_SECURE: 'false', ENCOURS_SMTP_FROM: 'relances@demo-distribution.example' };
  // Chromium first: without one, fail before the demo's preparation starts (see browser.test.ts)
  [ctx.browser, ctx.server] = await Promise.all([launchChromium(), startServer({ demo: 'prepared', env })]);
});
afterAll(async () => {
  await ctx.browser?.close();
  await ctx.server?.stop();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

importsTests(ctx);
accountsTests(ctx);
// last: they record actions and send reminders on the shared server
collectionsTests(ctx);
remindersTests(ctx);
// credit limits imported from an insurer's list: they touch nothing the tests above read
creditTests(ctx);
