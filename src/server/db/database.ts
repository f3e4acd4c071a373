// The only module that touches @duckdb/node-api. One DuckDBInstance per process owns the
// database file; every query runs on a connection of its own (a shared connection would cut a
// streaming result short when another query runs on it). Writes go through one queue so that
// imports and model rebuilds never interleave; readers keep reading the last committed state.
import {
  DuckDBBigIntVector,
  DuckDBBooleanVector,
  DuckDBDateVector,
  DuckDBDecimal16Vector,
  DuckDBDecimal32Vector,
  DuckDBDecimal64Vector,
  DuckDBDoubleVector,
  DuckDBFloatVector,
  DuckDBInstance,
  DuckDBIntegerVector,
  DuckDBSmallIntVector,
  DuckDBTinyIntVector,
  DuckDBVarCharVector,
  JSDuckDBValueConverter,
  type DuckDBConnection,
  type DuckDBResult,
  type DuckDBValue,
  type DuckDBVector,
} from '@duckdb/node-api';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { applyMigrations } from './migrate.ts';

export type Params = Record<string, DuckDBValue> | DuckDBValue[];
export type Row = Record<string, unknown>;

export interface Session {
  all<T = Row>(sql: string, params?: Params): Promise<T[]>;
  one<T = Row>(sql: string, params?: Params): Promise<T | undefined>;
  run(sql: string, params?: Params): Promise<void>;
}

/** Turns DuckDB's JS values into wire-safe ones: BIGINT → number, DATE → 'YYYY-MM-DD', also inside lists. */
export function toWire(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(toWire);
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  return value;
}

/** A date's wire text by its day number: a result repeats few dates many times. */
const dateTexts = new Map<number, string>();
function dateText(days: number): string {
  let text = dateTexts.get(days);
  if (text === undefined) {
    text = toWire(new Date(days * 86_400_000)) as string;
    if (dateTexts.size < 100_000) dateTexts.set(days, text);
  }
  return text;
}

/** The vectors whose items are already what the wire carries: strings, booleans, numbers of up to 32 bits. */
const AS_HELD = [DuckDBVarCharVector, DuckDBBooleanVector, DuckDBIntegerVector, DuckDBSmallIntVector, DuckDBTinyIntVector, DuckDBDoubleVector, DuckDBFloatVector];

/**
 * A reader of one column of a chunk, giving the values toWire gives from the binding's JS
 * conversion (yieldRowObjectJs), made once per chunk: numbers, strings and booleans as the vector
 * holds them, BIGINT as a number, a DATE as its text, a DECIMAL of up to 18 digits from its scaled
 * integer; anything else through the binding's converter. Half the time of the generic path, which
 * dispatches on the type and wraps each value in an object (a million rows: seconds).
 */
function columnReader(v: DuckDBVector): (row: number) => unknown {
  if (AS_HELD.some((kind) => v instanceof kind)) return (i) => v.getItem(i);
  if (v instanceof DuckDBBigIntVector) return (i) => toWire(v.getItem(i));
  if (v instanceof DuckDBDateVector) {
    return (i) => {
      const d = v.getItem(i);
      return d === null ? null : dateText(d.days);
    };
  }
  if (v instanceof DuckDBDecimal16Vector || v instanceof DuckDBDecimal32Vector || v instanceof DuckDBDecimal64Vector) {
    // the scaled integer (below 2^53 up to 15 digits; exact as a BIGINT) divided as DuckDB's own cast to DOUBLE divides it
    const scale = 10 ** v.type.scale;
    return (i) => {
      const x = v.getScaledValue(i);
      return x === null ? null : Number(x) / scale;
    };
  }
  const type = v.type;
  return (i) => toWire(JSDuckDBValueConverter(v.getItem(i), type, JSDuckDBValueConverter));
}

/** The result's rows as wire rows, a chunk (2,048 rows) at a time: each chunk is awaited, so a million rows do not hold the server's one thread in one go. */
async function wireRows(result: DuckDBResult): Promise<Row[]> {
  const names = result.deduplicatedColumnNames();
  const rows: Row[] = [];
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) return rows;
    const readers = names.map((_, c) => columnReader(chunk.getColumnVector(c)));
    for (let i = 0, n = chunk.rowCount; i < n; i++) {
      const row: Row = {};
      for (let c = 0; c < names.length; c++) row[names[c]] = readers[c](i);
      rows.push(row);
    }
  }
}

function session(conn: DuckDBConnection): Session {
  return {
    async all<T>(sql: string, params?: Params) {
      return (await wireRows(await conn.run(sql, params as never))) as T[];
    },
    async one<T>(sql: string, params?: Params) {
      const rows = await this.all<T>(sql, params);
      return rows[0];
    },
    async run(sql: string, params?: Params) {
      await conn.run(sql, params as never);
    },
  };
}

let inMemoryDatabases = 0;

export class Database {
  private writeQueue: Promise<unknown> = Promise.resolve();

  /**
   * The folder of this database's temporary files (uploads being received, a file's copy in clean
   * UTF-8): beside the file rather than in the system's temporary folder, which may be small or in
   * memory while a copy is as large as the export. Emptied when a process opens the file — it holds
   * the file alone — so what a killed process left there goes at the next start.
   */
  readonly scratchDir: string;

  private constructor(
    private readonly instance: DuckDBInstance,
    readonly path: string,
  ) {
    // an in-memory database (tests, tools) has one of its own in the system's folder, removed when it closes
    this.scratchDir = path === ':memory:' ? join(tmpdir(), `encours-memory-${process.pid}-${++inMemoryDatabases}`) : join(dirname(path), 'tmp', basename(path));
  }

  /** Opens (creating when missing) the database file and brings its schema up to date. */
  static async open(path: string, options: { memoryLimit?: string; threads?: number } = {}): Promise<Database> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const config: Record<string, string> = {};
    if (options.memoryLimit) config.memory_limit = options.memoryLimit;
    if (options.threads) config.threads = String(options.threads);
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, config);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (/lock/i.test(message)) {
        throw new Error(`The database file ${path} is in use by another Encours process. Stop it, or talk to it through its API.`);
      }
      throw err;
    }
    const db = new Database(instance, path);
    rmSync(db.scratchDir, { recursive: true, force: true });
    // the new schema goes into the file at once: DuckDB does not replay a WAL holding the migrations
    // ("GetDefaultDatabase with no default database set"), so a crash before the next checkpoint
    // would leave a file that no longer opens
    if (await db.write((s) => applyMigrations(s))) await db.write((s) => s.run('CHECKPOINT'));
    return db;
  }

  /** Runs fn on a fresh connection, closed afterwards. */
  private async connected<T>(fn: (s: Session) => Promise<T>): Promise<T> {
    const conn = await this.instance.connect();
    try {
      return await fn(session(conn));
    } finally {
      conn.closeSync();
    }
  }

  /**
   * Runs fn's queries in one read transaction: they all see the store as it was when it began,
   * even if an import commits meanwhile — a report and its reconciliation never mix two states.
   */
  read<T>(fn: (s: Session) => Promise<T>): Promise<T> {
    return this.connected(async (s) => {
      await s.run('BEGIN TRANSACTION');
      try {
        return await fn(s);
      } finally {
        // nothing to keep: a read transaction only ends
        await s.run('ROLLBACK');
      }
    });
  }

  /** One query (one statement is its own snapshot). */
  all<T = Row>(sql: string, params?: Params): Promise<T[]> {
    return this.connected((s) => s.all<T>(sql, params));
  }

  one<T = Row>(sql: string, params?: Params): Promise<T | undefined> {
    return this.connected((s) => s.one<T>(sql, params));
  }

  /**
   * Counts the writes that have ended: what was read at one count holds until the next (this
   * process holds the file alone, and every write goes through write()). Lets a reader skip a
   * query for what cannot have changed (models/cache.ts: the model build).
   */
  generation = 0;

  /** Runs fn as the only writer; fn manages its own transaction (see transaction()). */
  write<T>(fn: (s: Session) => Promise<T>): Promise<T> {
    const next = this.writeQueue.then(() => this.connected(fn)).finally(() => this.generation++);
    this.writeQueue = next.catch(() => undefined);
    return next;
  }

  /** Runs fn inside BEGIN … COMMIT as the only writer; any error rolls everything back. */
  transaction<T>(fn: (s: Session) => Promise<T>): Promise<T> {
    return this.write((s) => inTransaction(s, fn));
  }

  /**
   * A small write to a table that no import, rebuild or user write touches (the kept answers of
   * models/cache.ts), in a transaction of its own beside the writer's queue: it never waits minutes
   * behind an import, and DuckDB commits both, as they change different tables.
   */
  async writeAside<T>(fn: (s: Session) => Promise<T>): Promise<T> {
    try {
      return await this.connected((s) => inTransaction(s, fn));
    } finally {
      this.generation++;
    }
  }

  /**
   * Writes the WAL into the file and frees the blocks of what was dropped or replaced, so that the
   * file's size follows its data across imports and removals (DuckDB does it on its own only
   * once the WAL passes 16 MB, and at close). A plain CHECKPOINT fails while a reader holds a
   * transaction, and FORCE CHECKPOINT would hold up new readers: so it is tried again a little
   * later, a few times. Resolves whether it was done.
   */
  async checkpoint(attempts = 10, waitMs = 500): Promise<boolean> {
    for (let i = 0; i < attempts; i++) {
      try {
        await this.write((s) => s.run('CHECKPOINT'));
        return true;
      } catch (err) {
        if (!/transaction/i.test((err as Error).message)) throw err;
        await new Promise((r) => setTimeout(r, waitMs).unref());
      }
    }
    return false;
  }

  /** A new folder in the scratch folder, for one task's temporary files: the task removes it when done. */
  scratch(prefix: string): string {
    mkdirSync(this.scratchDir, { recursive: true });
    return mkdtempSync(join(this.scratchDir, prefix));
  }

  close(): void {
    this.instance.closeSync();
    if (this.path === ':memory:') rmSync(this.scratchDir, { recursive: true, force: true });
  }
}

/** Runs fn inside BEGIN … COMMIT on a writer's session (see Database.write); any error rolls it back. */
export async function inTransaction<T>(s: Session, fn: (s: Session) => Promise<T>): Promise<T> {
  await s.run('BEGIN TRANSACTION');
  try {
    const result = await fn(s);
    await s.run('COMMIT');
    return result;
  } catch (err) {
    await s.run('ROLLBACK');
    throw err;
  }
}
