// One measured run, in its own process so that its peak memory is its own:
//   bare <file> <db>   CREATE TABLE AS SELECT * FROM read_csv(file)  (auto-detected types: the floor)
//   bare-text <file> <db>  the same with FEC-correct options: every column as text, no detection
//                      (auto-detection reads CompteNum as BIGINT and drops leading zeros)
//   full <file> <db>   Encours' import of the same file
// Prints one JSON line: { seconds, peak_rss_mb, rows }.
import { Database } from '../src/server/db/database.ts';
import { importFile } from '../src/server/import/importer.ts';

const [mode, file, dbPath] = process.argv.slice(2);
const db = await Database.open(dbPath, { memoryLimit: process.env.ENCOURS_MEMORY_LIMIT });
const started = performance.now();
let rows: number;
if (mode === 'bare') {
  await db.write((s) => s.run(`CREATE TABLE bare AS SELECT * FROM read_csv($path, delim = '\t', header = true)`, { path: file }));
  rows = (await db.one<{ n: number }>('SELECT count(*)::BIGINT AS n FROM bare'))!.n;
} else if (mode === 'bare-text') {
  const { openSync, readSync, closeSync } = await import('node:fs');
  const head = Buffer.alloc(8192);
  const fd = openSync(file, 'r');
  readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const header = head.toString('utf8').split(/\r?\n/)[0].split('\t');
  const columns = '{' + header.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ') + '}';
  await db.write((s) => s.run(`CREATE TABLE bare AS SELECT * FROM read_csv($path, delim = '\t', header = true, quote = '', escape = '', auto_detect = false, columns = ${columns})`, { path: file }));
  rows = (await db.one<{ n: number }>('SELECT count(*)::BIGINT AS n FROM bare'))!.n;
} else {
  const outcome = await importFile(db, file, { source: 'cli' });
  if (outcome.status !== 'active') throw new Error(outcome.error?.report ?? outcome.status);
  rows = outcome.line_count;
}
const seconds = (performance.now() - started) / 1000;
db.close();
console.log(JSON.stringify({ seconds, peak_rss_mb: process.resourceUsage().maxRSS / 1024, rows }));
