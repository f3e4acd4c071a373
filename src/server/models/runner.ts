// The model runner: builds the relations of sql/ layer by layer (staging views, then core and
// marts tables), each file after the files it reads, then runs the checks of sql/checks/ — SQL
// that returns the rows breaking an invariant — and reports them as warnings. It runs inside the
// import's transaction (so readers see old models with old data, or new with new), and at start
// when the model state is stale.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, Session } from '../db/database.ts';
import { modelSettings, writeSettings, type Settings } from './settings.ts';
import { SQL_DIR } from '../util/paths.ts';


const LAYERS = ['staging', 'core', 'marts'] as const;

export interface ModelFile {
  layer: (typeof LAYERS)[number] | 'macros' | 'checks' | 'queries';
  name: string;
  sql: string;
  /** first line of the header comment */
  description: string;
}

function readLayer(layer: ModelFile['layer']): ModelFile[] {
  const dir = join(SQL_DIR, layer);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => {
      const sql = readFileSync(join(dir, f), 'utf8');
      const description = (/^--\s*(.+)$/m.exec(sql)?.[1] ?? f).trim();
      return { layer, name: f.replace(/\.sql$/, ''), sql, description };
    });
}

/** The model files in build order: layers in order, and inside a layer each file after those it names. */
export function listModels(): ModelFile[] {
  const ordered: ModelFile[] = [];
  for (const layer of LAYERS) {
    const files = readLayer(layer);
    const names = new Set(files.map((f) => f.name));
    const deps = new Map(files.map((f) => [f.name, [...names].filter((n) => n !== f.name && new RegExp(`\\b${n}\\b`).test(stripComments(f.sql)))]));
    const done = new Set<string>();
    const visit = (name: string, path: string[]) => {
      if (done.has(name)) return;
      if (path.includes(name)) throw new Error(`sql/${layer}: circular reference ${[...path, name].join(' → ')}`);
      for (const d of deps.get(name)!) visit(d, [...path, name]);
      done.add(name);
      ordered.push(files.find((f) => f.name === name)!);
    };
    for (const f of files) visit(f.name, []);
  }
  return ordered;
}

export function listChecks(): ModelFile[] {
  return readLayer('checks');
}

/** sql/macros/*.sql: CREATE OR REPLACE MACRO statements the models and queries use. */
export function listMacros(): ModelFile[] {
  return readLayer('macros');
}

/** A macro over model relations says `-- after: models`: DuckDB binds a table macro's relations when it is created. */
const afterModels = (m: ModelFile) => /^--\s*after:\s*models\b/m.test(m.sql);

/** Creates (or replaces) the SQL macros the models use — or, with 'after', those that read the models. */
export async function createMacros(s: Session, phase: 'before' | 'after' = 'before'): Promise<void> {
  for (const m of listMacros()) if (afterModels(m) === (phase === 'after')) await s.run(m.sql);
}

const queryCache = new Map<string, string>();

/**
 * The text of sql/queries/<name>.sql: what the API runs, with bound $parameters. A query may read
 * another as `query_<other>`, replaced here by that query's text in parentheses.
 */
export function query(name: string): string {
  let sql = queryCache.get(name);
  if (!sql) {
    sql = stripComments(readFileSync(join(SQL_DIR, 'queries', `${name}.sql`), 'utf8'))
      .trim()
      .replace(/;\s*$/, '')
      .replace(/\bquery_([a-z_]+)\b/g, (_, other: string) => `(${query(other)})`);
    queryCache.set(name, sql);
  }
  return sql;
}

function stripComments(sql: string): string {
  return sql.replace(/--.*$/gm, '');
}

/** Staging models are views; core and marts are tables, unless the header says "materialize: view". */
function isView(m: ModelFile): boolean {
  return m.layer === 'staging' || /^--\s*materialize:\s*view\b/m.test(m.sql);
}

function materialise(m: ModelFile, existing: Map<string, 'table' | 'view'>): string {
  const body = stripComments(m.sql).trim().replace(/;\s*$/, '');
  const kind = isView(m) ? 'view' : 'table';
  // a model may turn from a table into a view (or back) between versions
  const found = existing.get(m.name);
  const drop = found && found !== kind ? `DROP ${found.toUpperCase()} ${m.name}; ` : '';
  return `${drop}CREATE OR REPLACE ${kind.toUpperCase()} ${m.name} AS ${body}`;
}

/** What the models are built from: the SQL, the settings they read and the active imports. */
export async function modelFingerprint(s: Session, settings: Settings): Promise<string> {
  const imports = await s.all<{ ids: string | null }>(`SELECT string_agg(import_id::VARCHAR, ',' ORDER BY import_id) AS ids FROM imports WHERE status = 'active'`);
  const hash = createHash('sha256');
  for (const m of [...listMacros(), ...listModels(), ...listChecks()]) hash.update(m.layer + m.name + m.sql);
  hash.update(JSON.stringify(modelSettings(settings)));
  hash.update(imports[0]?.ids ?? '');
  return hash.digest('hex');
}

export interface CheckResult {
  check: string;
  description: string;
  rows: Record<string, unknown>[];
  count: number;
}

/** Builds every model and runs the checks; returns the checks' findings as warnings. */
export async function rebuildModels(s: Session, settings: Settings): Promise<string[]> {
  const started = Date.now();
  await writeSettings(s, settings);
  await createMacros(s);
  const profile = process.env.ENCOURS_PROFILE_MODELS === '1';
  const existing = new Map(
    (await s.all<{ name: string; kind: 'table' | 'view' }>(`SELECT table_name AS name, 'table' AS kind FROM duckdb_tables() UNION ALL SELECT view_name, 'view' FROM duckdb_views() WHERE NOT internal`)).map((r) => [r.name, r.kind]),
  );
  for (const m of listModels()) {
    const t = performance.now();
    try {
      await s.run(materialise(m, existing));
      if (profile) console.error(`model ${m.layer}/${m.name}: ${((performance.now() - t) / 1000).toFixed(2)} s`);
    } catch (err) {
      throw new Error(`Model sql/${m.layer}/${m.name}.sql failed: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  await createMacros(s, 'after');
  const findings = await runChecks(s);
  const warnings = findings.map((f) => `Check ${f.check} (${f.description}): ${f.count} ${f.count === 1 ? 'row breaks' : 'rows break'} it, e.g. ${JSON.stringify(f.rows[0])}`);
  await s.run('DELETE FROM model_state');
  await s.run('INSERT INTO model_state VALUES (current_timestamp, $1, $2, $3)', [await modelFingerprint(s, settings), Date.now() - started, JSON.stringify(warnings)]);
  return warnings;
}

export async function runChecks(s: Session): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const c of listChecks()) {
    const rows = await s.all(`SELECT * FROM (${stripComments(c.sql).trim().replace(/;\s*$/, '')}) LIMIT 5`);
    if (!rows.length) continue;
    const count = (await s.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM (${stripComments(c.sql).trim().replace(/;\s*$/, '')})`))!.n;
    out.push({ check: c.name, description: c.description, rows, count });
  }
  return out;
}

/** At start: rebuilds the models when the SQL, the settings or the imports changed since the last build. */
export async function ensureModelsFresh(db: Database, settings: Settings): Promise<{ rebuilt: boolean; warnings: string[] }> {
  const current = await db.read((s) => modelFingerprint(s, settings));
  const state = await db.one<{ fingerprint: string; check_warnings: string }>('SELECT fingerprint, check_warnings FROM model_state');
  if (state?.fingerprint === current) return { rebuilt: false, warnings: JSON.parse(state.check_warnings) };
  const warnings = await db.transaction((s) => rebuildModels(s, settings));
  return { rebuilt: true, warnings };
}
