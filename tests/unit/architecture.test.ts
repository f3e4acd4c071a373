// The layout's promises, checked on the source files themselves:
// - one figure, one name: its contract, route file, report module, SQL, page and chart builder;
// - each report reads only its own SQL files, every query file is read, no query reads staging;
// - arrows between server folders only point down; the UI never imports the server; only db/
//   touches DuckDB; the API's modules hold no SQL.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

function files(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) out.push(...files(path, ext));
    else if (ext.test(name)) out.push(path);
  }
  return out;
}

/** The project files a source file imports (relative and $lib imports), as paths from the root. */
function importsOf(file: string): string[] {
  const text = read(file);
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]);
  return specs.flatMap((s) => {
    if (s.startsWith('.')) return [relative(root, resolve(root, dirname(file), s))];
    if (s.startsWith('$lib')) return [join('src', 'lib', s.slice(5))];
    return [];
  });
}
const packagesOf = (file: string) => [...read(file).matchAll(/from\s+'([^.$][^']*)'/g)].map((m) => m[1]);

/** A figure the product shows, and where each of its parts lives. */
const FIGURES = {
  aging: { page: true, chart: true },
  dso: { page: true, chart: true },
  clients: { page: true, chart: true },
  risk: { page: false, chart: true },
  forecast: { page: true, chart: true },
  imports: { page: true, chart: false },
  collections: { page: true, chart: true },
  reminders: { page: false, chart: false },
  status: { page: false, chart: false },
  // on the Provisions page, beside the proposal; its SQL is expected_loss_*.sql (snake_case in SQL)
  'expected-loss': { page: false, chart: false },
  // the CFO's levers (#17): the page, its sections in src/lib/components/levers/, the escompte's chart
  levers: { page: true, chart: true },
  // credit limits (#17): a section of the Clients page (src/lib/components/credit/), no page of its own
  credit: { page: false, chart: false },
};

describe('one figure, one name', () => {
  for (const [figure, parts] of Object.entries(FIGURES)) {
    it(`${figure}: contract, route, report, SQL${parts.page ? ', page' : ''}${parts.chart ? ', chart' : ''}`, () => {
      for (const path of [`src/lib/contract/${figure}.ts`, `src/server/api/${figure}.ts`, `src/server/reports/${figure}.ts`]) expect(existsSync(join(root, path)), path).toBe(true);
      if (parts.page) expect(existsSync(join(root, 'src/routes', figure, '+page.svelte'))).toBe(true);
      if (parts.chart) expect(existsSync(join(root, 'src/lib/charts', `${figure}.ts`))).toBe(true);
      const name = figure.replaceAll('-', '_');
      const sql = readdirSync(join(root, 'sql/queries')).filter((f) => f === `${name}.sql` || f.startsWith(`${name}_`));
      expect(sql.length, `sql/queries/${name}*.sql`).toBeGreaterThan(0);
    });
  }

  const queryCalls = (file: string) => [...read(file).matchAll(/\bquery\('([a-z_]+)'\)/g)].map((m) => m[1]);

  it('each report, and the maths behind risk and forecast, reads only the SQL files of its figure', () => {
    const owners = [...files('src/server/reports', /\.ts$/), ...files('src/server/risk', /\.ts$/), ...files('src/server/forecast', /\.ts$/), ...files('src/server/collections', /\.ts$/), ...files('src/server/reminders', /\.ts$/), ...files('src/server/provisions', /\.ts$/), ...files('src/server/credit', /\.ts$/)];
    for (const file of owners) {
      // a figure of two words is expected-loss.ts in TypeScript, expected_loss_*.sql in SQL
      const figure = file.includes('/reports/') ? file.split('/').at(-1)!.replace(/\.ts$/, '').replaceAll('-', '_') : file.split('/')[2];
      for (const name of queryCalls(file)) expect(name === figure || name.startsWith(`${figure}_`), `${file} reads sql/queries/${name}.sql`).toBe(true);
    }
    const elsewhere = files('src/server', /\.ts$/).filter((f) => !owners.includes(f) && f !== 'src/server/models/runner.ts');
    for (const file of elsewhere) expect(queryCalls(file), `${file} reads SQL of a figure it does not own`).toEqual([]);
  });

  it('every query file is read, and no query reads a staging relation', () => {
    // a query is read by a module, or by another query as query_<name> (runner.ts inlines it)
    const inlined = readdirSync(join(root, 'sql/queries')).flatMap((f) => [...read(`sql/queries/${f}`).matchAll(/\bquery_([a-z_]+)\b/g)].map((m) => m[1]));
    const called = new Set([...files('src/server', /\.ts$/).flatMap(queryCalls), ...inlined]);
    for (const file of readdirSync(join(root, 'sql/queries'))) {
      expect(called.has(file.replace(/\.sql$/, '')), `sql/queries/${file} is read by no module`).toBe(true);
      expect(read(`sql/queries/${file}`).replace(/--.*$/gm, ''), `sql/queries/${file}`).not.toMatch(/\bstg_\w+/);
    }
  });

  it('every model and query file starts with its name and what it is', () => {
    for (const layer of ['staging', 'core', 'marts', 'queries']) {
      for (const file of readdirSync(join(root, 'sql', layer))) expect(read(`sql/${layer}/${file}`).split('\n')[0], `sql/${layer}/${file}`).toMatch(new RegExp(`^-- ${file.replace(/\.sql$/, '')}: `));
    }
  });
});

describe('arrows point down', () => {
  // a server folder may import from folders of a lower level; the top-level files (app, main, cli, prepare, config) from any
  // collections (recording actions, contacts) reads the import's CSV sniffing and the forecast's delays;
  // provisions (the rates decided per client) and credit (the limits decided or imported per client)
  // record in the users' data as the collections do;
  // reminders (letters, charges, sending) reads the collections' levels and actions
  const LEVEL: Record<string, number> = { util: 0, db: 1, models: 2, import: 3, risk: 3, forecast: 3, auth: 3, collections: 3.5, provisions: 3.6, credit: 3.6, reminders: 3.7, demo: 4, reports: 4, api: 5 };
  const folderOf = (path: string) => (path.startsWith('src/server/') && path.split('/').length > 3 ? path.split('/')[2] : null);

  it('between server folders', () => {
    for (const file of files('src/server', /\.ts$/)) {
      const from = folderOf(file);
      if (!from) continue;
      expect(LEVEL[from], `${file}: src/server/${from} has no level here`).toBeDefined();
      for (const target of importsOf(file)) {
        if (target.startsWith('src/lib/')) continue;
        const to = folderOf(target);
        expect(to, `${file} imports the top-level ${target}`).not.toBeNull();
        if (to === from) continue;
        expect(LEVEL[to!] < LEVEL[from], `${file} (${from}) imports ${target} (${to})`).toBe(true);
      }
    }
  });

  it('the UI never imports the server, and the server reads only the contract and shared code of the UI', () => {
    for (const file of [...files('src/lib', /\.(ts|svelte)$/), ...files('src/routes', /\.(ts|svelte)$/)]) {
      for (const target of importsOf(file)) expect(target.startsWith('src/server'), `${file} imports ${target}`).toBe(false);
    }
    for (const file of files('src/server', /\.ts$/)) {
      for (const target of importsOf(file).filter((t) => t.startsWith('src/lib/'))) expect(target, file).toMatch(/^src\/lib\/(contract|shared)\//);
    }
  });

  it('only src/server/db touches DuckDB, and the API modules hold no SQL', () => {
    for (const file of [...files('src', /\.(ts|svelte)$/), ...files('bench', /\.ts$/)]) {
      if (packagesOf(file).some((p) => p.startsWith('@duckdb/'))) expect(file, 'imports @duckdb/node-api').toMatch(/^src\/server\/db\//);
    }
    for (const file of files('src/server/api', /\.ts$/)) expect(read(file), file).not.toMatch(/\bSELECT\b|\bINSERT\b|\bUPDATE\s+\w+\s+SET\b/);
  });
});
