// Rows as the models and the API read them (Session.all): database.ts reads each column of a result
// with a reader of its type — numbers, dates and decimals straight from the vector — for speed on
// large results. The values must be exactly those of the binding's own JS conversion passed through
// toWire, for every type a query returns, NULLs and several chunks included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { Database, toWire } from '../../src/server/db/database.ts';

// 5,000 rows: three chunks of DuckDB's 2,048, each type with NULLs in every chunk
const EVERY_TYPE = `
  WITH n AS (SELECT i, hash(i) AS h FROM range(-2500, 2500) AS t(i))
  SELECT
    i,
    CASE WHEN i % 7 = 0 THEN NULL ELSE i::INTEGER * 40503 END AS int,
    (i % 30000)::SMALLINT AS small,
    (i % 100)::TINYINT AS tiny,
    CASE WHEN i % 11 = 0 THEN NULL ELSE i::BIGINT * 1000000007 END AS big,
    i::HUGEINT * 7 AS huge,
    CASE WHEN i % 5 = 0 THEN NULL ELSE i / 7 END AS dbl,
    (i / 3)::FLOAT AS flt,
    ((h % 19999)::INTEGER - 9999)::DECIMAL(4,0) / 10 AS dec_small,
    CAST(((h % 1999999999)::BIGINT - 999999999) / 100.0 AS DECIMAL(9,2)) AS dec_int,
    CASE WHEN i % 3 = 0 THEN NULL ELSE CAST(((h % 1999999999999999)::BIGINT - 999999999999999) / 100.0 AS DECIMAL(18,2)) END AS amount,
    CAST(((h % 1999999999999)::BIGINT - 999999999999) / 1000000.0 AS DECIMAL(18,6)) AS rate,
    CAST(i AS DECIMAL(38,2)) * 1234567.89 AS dec_huge,
    CASE WHEN i % 13 = 0 THEN NULL ELSE DATE '2000-01-01' + (i * 37)::INTEGER END AS day,
    TIMESTAMP '2024-01-01 10:00:00' + i * INTERVAL 1 HOUR AS at,
    CASE i % 4 WHEN 0 THEN 'Société Générale — 12 € ’ “ok”' WHEN 1 THEN '' WHEN 2 THEN repeat('x', (abs(i) % 40)::INTEGER) ELSE NULL END AS label,
    CASE WHEN i % 17 = 0 THEN NULL ELSE i % 2 = 0 END AS flag,
    [i, NULL, i + 1] AS ints,
    ['é', i::VARCHAR] AS texts,
    {'a': i, 'b': DATE '2026-11-30'} AS pair
  FROM n
  UNION ALL
  SELECT 9999, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 71417583.05, 0.000001, NULL, DATE '0001-01-01', NULL, NULL, NULL, NULL, NULL, NULL
  UNION ALL
  SELECT 10000, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, -9999999999999999.99, NULL, NULL, DATE '9999-12-31', NULL, NULL, NULL, NULL, NULL, NULL
  ORDER BY i`;

let db: Database;
let reference: DuckDBInstance;
beforeAll(async () => {
  db = await Database.open(':memory:');
  reference = await DuckDBInstance.create(':memory:');
});
afterAll(() => {
  db.close();
  reference.closeSync();
});

/** The binding's generic conversion, each value through toWire: what Session.all gave before its column readers. */
async function referenceRows(sql: string): Promise<Record<string, unknown>[]> {
  const conn = await reference.connect();
  try {
    const rows = (await (await conn.run(sql)).getRowObjectsJS()) as Record<string, unknown>[];
    return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, toWire(v)])));
  } finally {
    conn.closeSync();
  }
}

describe('rows read from a result', () => {
  it('are the binding’s own values, type by type, over several chunks', async () => {
    const ours = await db.all(EVERY_TYPE);
    expect(ours).toHaveLength(5002);
    expect(ours).toEqual(await referenceRows(EVERY_TYPE));
  });

  it('give amounts, dates and counts as the wire needs them', async () => {
    const rows = await db.all(EVERY_TYPE);
    const last = rows.slice(-2);
    expect(last.map((r) => r.amount)).toEqual([71417583.05, -9999999999999999.99]);
    expect(last.map((r) => r.day)).toEqual(['0001-01-01', '9999-12-31']);
    expect(last[0].rate).toBe(0.000001);
    const first = rows[0];
    expect(first).toMatchObject({ i: -2500, big: -2500 * 1000000007, day: '1746-09-29', label: 'Société Générale — 12 € ’ “ok”', flag: true, ints: [-2500, null, -2499], texts: ['é', '-2500'] });
    expect(typeof first.huge).toBe('number');
    expect(rows.filter((r) => r.amount === null)).toHaveLength(1667);
  });
});
