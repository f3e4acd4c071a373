// The API's wire types: the contract between the fastify server and the UI. snake_case fields,
// dates as 'YYYY-MM-DD' strings, money as numbers rounded to cents.

export type ImportStatus = 'active' | 'replaced' | 'duplicate' | 'failed';
export type ImportStage = 'reading' | 'converting' | 'loading' | 'validating' | 'replacing' | 'rebuilding' | 'done';

export interface ImportProblem {
  line?: number;
  column?: string;
  value?: string;
  message: string;
}

export interface ImportErrorReport {
  file: string;
  summary: string;
  hint: string;
  problems: ImportProblem[];
  total_problems: number;
  report: string;
}

export interface ImportOutcome {
  import_id: number;
  file_name: string;
  status: 'active' | 'duplicate' | 'failed';
  format: 'fec' | 'invoices' | null;
  entity_id: string | null;
  period_start: string | null;
  period_end: string | null;
  line_count: number;
  total_debit: number;
  total_credit: number;
  warnings: string[];
  duration_ms: number;
  replaced_import_ids: number[];
  duplicate_of_import_id: number | null;
  error: ImportErrorReport | null;
}

export interface ImportJob {
  job_id: string;
  file_name: string;
  stage: ImportStage | 'queued';
  fraction: number | null;
  outcome: ImportOutcome | null;
  created_at: string;
}

export interface ImportHistoryRow {
  import_id: number;
  file_name: string;
  source: string;
  format: string | null;
  format_detail: Record<string, unknown> | null;
  entity_id: string | null;
  period_start: string | null;
  period_end: string | null;
  line_count: number | null;
  total_debit: number | null;
  total_credit: number | null;
  warnings: string[];
  error: ImportErrorReport | null;
  status: ImportStatus;
  replaced_by_import_id: number | null;
  duplicate_of_import_id: number | null;
  started_at: string;
  duration_ms: number | null;
}

export interface EntityStatus {
  entity_id: string;
  line_count: number;
  first_date: string | null;
  last_date: string | null;
}

export interface Status {
  has_data: boolean;
  as_of_date: string | null;
  entities: EntityStatus[];
  active_imports: number;
}
