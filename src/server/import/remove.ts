// Removing an import in force: its lines leave the store (a FEC's table is dropped, an invoice
// list's rows deleted), the ledger view and the models are rebuilt — all in one transaction, so
// readers see the store with it or without it, never half — and the history keeps the import,
// marked removed, with who removed it and when.
import type { Session } from '../db/database.ts';
import { say, UserError } from '../util/messages.ts';
import { dropImportLines, rebuildLedgerView } from './importer.ts';

export async function removeImport(s: Session, importId: number, by: string, rebuild?: (s: Session) => Promise<string[]>): Promise<void> {
  const row = await s.one<{ format: string | null; status: string }>(`SELECT format, status FROM imports WHERE import_id = $id`, { id: importId });
  if (!row) throw new UserError(say.noSuchImport(importId), 404);
  if (row.status !== 'active') throw new UserError(say.importNotActive(importId, row.status));
  await dropImportLines(s, importId, row.format);
  await s.run(`UPDATE imports SET status = 'removed', removed_by = $by, removed_at = current_timestamp WHERE import_id = $id`, { id: importId, by });
  if (row.format === 'fec') await rebuildLedgerView(s);
  if (rebuild) await rebuild(s);
}
