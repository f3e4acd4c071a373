// The contract of /api/imports: uploads, import jobs and their progress, the import history.
import { ErrorBody, Input, NullableDate, NullableInteger, NullableNumber, NullableString, Obj, route, StringEnum, Type, type Static } from './common.ts';

export const IMPORT_STAGES = ['reading', 'converting', 'loading', 'validating', 'replacing', 'rebuilding', 'done'] as const;
export type ImportStage = (typeof IMPORT_STAGES)[number];
export const ImportStatus = StringEnum(['running', 'active', 'replaced', 'removed', 'duplicate', 'failed']);
export type ImportStatus = Static<typeof ImportStatus>;

/** A bad value or line of a refused file, where it is and what is wrong with it. */
export const ImportProblem = Obj({
  line: Type.Optional(Type.Integer()),
  column: Type.Optional(Type.String()),
  value: Type.Optional(Type.String()),
  message: Type.String(),
});
export type ImportProblem = Static<typeof ImportProblem>;

/** Why a file was refused: a summary, what to do, the first problems and the whole report as text. */
export const ImportErrorReport = Obj({
  file: Type.String(),
  summary: Type.String(),
  hint: Type.String(),
  problems: Type.Array(ImportProblem),
  total_problems: Type.Integer(),
  report: Type.String(),
});
export type ImportErrorReport = Static<typeof ImportErrorReport>;

export const ImportOutcome = Obj({
  import_id: Type.Integer(),
  file_name: Type.String(),
  status: StringEnum(['active', 'duplicate', 'failed']),
  format: Type.Unsafe<'fec' | 'invoices' | null>({ type: ['string', 'null'], enum: ['fec', 'invoices', null] }),
  entity_id: NullableString,
  period_start: NullableDate,
  period_end: NullableDate,
  line_count: Type.Integer(),
  total_debit: Type.Number(),
  total_credit: Type.Number(),
  warnings: Type.Array(Type.String()),
  duration_ms: Type.Integer(),
  replaced_import_ids: Type.Array(Type.Integer()),
  duplicate_of_import_id: NullableInteger,
  error: Type.Union([ImportErrorReport, Type.Null()]),
});
export type ImportOutcome = Static<typeof ImportOutcome>;

/** An import in progress (kept while the server runs): its stage, progress and, once done, its outcome. */
export const ImportJob = Obj({
  job_id: Type.String(),
  file_name: Type.String(),
  stage: StringEnum(['queued', ...IMPORT_STAGES]),
  fraction: NullableNumber,
  outcome: Type.Union([ImportOutcome, Type.Null()]),
  created_at: Type.String(),
});
export type ImportJob = Static<typeof ImportJob>;

/** A row of the import history: every attempt, with its file, format, period, result and timing. */
export const ImportHistoryRow = Obj({
  import_id: Type.Integer(),
  file_name: Type.String(),
  source: Type.String(),
  format: NullableString,
  format_detail: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  entity_id: NullableString,
  period_start: NullableDate,
  period_end: NullableDate,
  line_count: NullableInteger,
  total_debit: NullableNumber,
  total_credit: NullableNumber,
  warnings: Type.Array(Type.String()),
  error: Type.Union([ImportErrorReport, Type.Null()]),
  status: ImportStatus,
  replaced_by_import_id: NullableInteger,
  duplicate_of_import_id: NullableInteger,
  started_at: Type.String(),
  duration_ms: NullableInteger,
  /** who imported it (a user, the CLI, the inbox, the demo) */
  imported_by: NullableString,
  /** who removed it, and when */
  removed_by: NullableString,
  removed_at: NullableString,
});
export type ImportHistoryRow = Static<typeof ImportHistoryRow>;

export const importRoutes = {
  imports: route({
    method: 'GET',
    url: '/api/imports',
    description: 'The import history, newest first.',
    querystring: Input({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })) }),
    response: { 200: Obj({ imports: Type.Array(ImportHistoryRow) }), 400: ErrorBody },
  }),
  importJob: route({
    method: 'GET',
    url: '/api/imports/jobs/:id',
    description: 'An import job: its stage, progress and outcome.',
    params: Input({ id: Type.String() }),
    response: { 200: ImportJob, 404: ErrorBody },
  }),
  // multipart/form-data: files (field `file`), and the optional fields `entity` and `mapping` (JSON text)
  upload: route({
    method: 'POST',
    url: '/api/imports',
    access: 'analyst',
    description: 'Uploads ledger exports; with ?wait=true answers when every import is done.',
    querystring: Input({ wait: Type.Optional(Type.Boolean({ default: false })) }),
    response: {
      200: Obj({ outcomes: Type.Array(ImportOutcome) }),
      202: Obj({ jobs: Type.Array(ImportJob) }),
      400: ErrorBody,
      413: ErrorBody,
      415: ErrorBody,
    },
  }),
  removeImport: route({
    method: 'DELETE',
    url: '/api/imports/:id',
    access: 'admin',
    description: 'Removes an import in force: its lines leave the store, the models are rebuilt, the history keeps the removal and who made it.',
    params: Input({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }),
    response: { 200: ImportHistoryRow, 400: ErrorBody, 404: ErrorBody },
  }),
};
