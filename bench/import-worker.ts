// One measured run, in its own process so that its peak memory is its own:
//   bare <file> <db>       CREATE TABLE AS SELECT * FROM read_csv(file)  (auto-detected types: the floor)
//   bare-text <file> <db>  the same with FEC-correct options: every column as text, no detection
//                          (auto-detection reads CompteNum as BIGINT and drops leading zeros)
//   naive-job <file> <db>  what an analyst's script does: the file loaded, then an aged balance
//                          (unlettered 411 lines by age) and a monthly DSO, in plain DuckDB SQL
//   full <file> <db>       Encours' import of the same file, without the model rebuild
//   staged <file> <db>     Encours' import with the model rebuild, as `encours import` runs it,
//                          timed stage by stage (the importer's own progress stages)
// Prints one JSON line: { seconds, peak_rss_mb, rows, stages?, aged_total? }.
import { Database } from '../src/server/db/database.ts';
import { importFile, type ImportStage } from '../src/server/import/importer.ts';
import { rebuildModels } from '../src/server/models/runner.ts';
import { DEFAULT_SETTINGS } from '../src/server/models/settings.ts';

const [mode, file, dbPath] = process.argv.slice(2);
const db = await Database.open(dbPath, { memoryLimit: process.env.ENCOURS_MEMORY_LIMIT });
const started = performance.now();

/** The stages an import went through: when each began, and the peak memory while it ran (sampled every 20 ms). */
const stages: { stage: ImportStage; seconds: number; peak_rss_mb: number }[] = [];
let current: (typeof stages)[number] | undefined;
let stageStart = started;
const sampler = setInterval(() => {
  if (current) current.peak_rss_mb = Math.max(current.peak_rss_mb, process.memoryUsage.rss() / 1024 ** 2);
}, 20);
function onProgress(stage: ImportStage): void {
  if (current?.stage === stage) return;
  const now = performance.now();
  if (current) current.seconds = (now - stageStart) / 1000;
  stageStart = now;
  current = stage === 'done' ? undefined : { stage, seconds: 0, peak_rss_mb: process.memoryUsage.rss() / 1024 ** 2 };
  if (current) stages.push(current);
}

const textColumns = async () => {
  const { openSync, readSync, closeSync } = await import('node:fs');
  const head = Buffer.alloc(8192);
  const fd = openSync(file, 'r');
  readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const header = head.toString('utf8').split(/\r?\n/)[0].split('\t');
  return { header, spec: '{' + header.map((h) => `'${h}': 'VARCHAR'`).join(', ') + '}' };
};

let rows: number;
let agedTotal: number | undefined;
if (mode === 'bare') {
  await db.write((s) => s.run(`CREATE TABLE bare AS SELECT * FROM read_csv($path, delim = '\t', header = true)`, { path: file }));
  rows = (await db.one<{ n: number }>('SELECT count(*)::BIGINT AS n FROM bare'))!.n;
} else if (mode === 'bare-text') {
  const { spec } = await textColumns();
  await db.write((s) => s.run(`CREATE TABLE bare AS SELECT * FROM read_csv($path, delim = '\t', header = true, quote = '', escape = '', auto_detect = false, columns = ${spec})`, { path: file }));
  rows = (await db.one<{ n: number }>('SELECT count(*)::BIGINT AS n FROM bare'))!.n;
} else if (mode === 'naive-job') {
  // the floor for "file → aged balance + DSO": no lettering logic beyond "a lettered line is
  // settled", no checks, no history — what a quick script would do
  const { spec } = await textColumns();
  const amount = (c: string) => `coalesce(replace(nullif(${c}, ''), ',', '.')::DECIMAL(18,2), 0)`;
  await db.write((s) =>
    s.run(
      `CREATE TABLE l AS SELECT CompteNum AS account, CompAuxNum AS client, strptime(EcritureDate, '%Y%m%d')::DATE AS d,
         ${amount('Debit')} - ${amount('Credit')} AS amount, nullif(EcritureLet, '') AS letter
       FROM read_csv($path, delim = '\t', header = true, quote = '', escape = '', auto_detect = false, columns = ${spec})`,
      { path: file },
    ),
  );
  const aged = await db.all<{ bucket: number; total: number }>(
    `WITH latest AS (SELECT max(d) AS d FROM l)
     SELECT CASE WHEN a.d - l.d - 30 <= 0 THEN 0 WHEN a.d - l.d - 30 <= 30 THEN 1 WHEN a.d - l.d - 30 <= 60 THEN 2 WHEN a.d - l.d - 30 <= 90 THEN 3 ELSE 4 END AS bucket,
            sum(amount)::DOUBLE AS total
     FROM l, latest AS a WHERE account LIKE '411%' AND letter IS NULL GROUP BY ALL ORDER BY 1`,
  );
  await db.all(
    `WITH m AS (SELECT date_trunc('month', d) AS month, sum(amount) FILTER (WHERE account LIKE '411%') AS flow, -sum(amount) FILTER (WHERE account LIKE '70%') AS sales FROM l GROUP BY 1)
     SELECT month, sum(flow) OVER (ORDER BY month) AS receivables, sum(sales) OVER (ORDER BY month ROWS 2 PRECEDING) * 1.2 AS sales_ttc_3m,
            receivables / nullif(sales_ttc_3m, 0) * 90 AS dso
     FROM m ORDER BY month`,
  );
  agedTotal = Math.round(aged.reduce((s, r) => s + r.total, 0) * 100) / 100;
  rows = (await db.one<{ n: number }>('SELECT count(*)::BIGINT AS n FROM l'))!.n;
} else {
  const staged = mode === 'staged';
  const outcome = await importFile(db, file, { source: 'cli', ...(staged ? { onProgress, rebuild: (s) => rebuildModels(s, DEFAULT_SETTINGS) } : {}) });
  onProgress('done');
  if (outcome.status !== 'active') throw new Error(outcome.error?.report ?? outcome.status);
  rows = outcome.line_count;
}
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
db.close();
console.log(JSON.stringify({ seconds, peak_rss_mb: process.resourceUsage().maxRSS / 1024, rows, ...(stages.length ? { stages } : {}), ...(agedTotal !== undefined ? { aged_total: agedTotal } : {}) }));
