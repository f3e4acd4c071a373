import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const base = `delim='\t', header=true, quote='', escape='', auto_detect=false, columns={'A':'VARCHAR','B':'VARCHAR','C':'VARCHAR'}`;
for (const q of [
 `select *, length(C) lc from read_csv('/tmp/x/a.txt', ${base}, strict_mode=false)`,
 `select *, length(C) lc from read_csv('/tmp/x/a.txt', ${base}, new_line='\\n', strict_mode=false)`,
 `select *, length(C) lc from read_csv('/tmp/x/a.txt', ${base}, new_line='\\r\\n')`,
 `select *, length(C) lc from read_csv('/tmp/x/b.txt', ${base})`,
 `select *, length(C) lc from read_csv('/tmp/x/b.txt', ${base}, strict_mode=false)`,
]) { try { const r = await c.runAndReadAll(q); console.log(JSON.stringify(r.getRowObjectsJson())); } catch(e) { console.log('ERR', e.message.split('\n')[0]); } }
