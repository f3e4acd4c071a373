// Typed calls to the Encours API: the only place the UI builds URLs or reads responses.
import type {
  AgingHistory,
  AgingReport,
  ClientsReport,
  ClientItemsReport,
  DsoReport,
  ForecastBacktestWire,
  ForecastHistoryWeek,
  ForecastReport,
  ForecastReview,
  ForecastSnapshot,
  ForecastWeekDetail,
  ImportHistoryRow,
  ImportJob,
  ImportOutcome,
  RiskBacktestWire,
  Status,
} from '../shared/wire.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function getJson<T>(url: string, fetcher: typeof fetch = fetch): Promise<T> {
  let res: Response;
  try {
    res = await fetcher(url);
  } catch {
    throw new ApiError(0, 'The Encours server cannot be reached. Is it running?');
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, (body as { error?: string }).error ?? `HTTP ${res.status}`);
  return body as T;
}

function qs(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const text = q.toString();
  return text ? `?${text}` : '';
}

export const api = {
  dso: (entity?: string | null, f?: typeof fetch) => getJson<DsoReport>(`/api/dso${qs({ entity })}`, f),
  aging: (p: { as_of?: string | null; entity?: string | null; basis?: 'due' | 'invoice'; buckets?: string | null }, f?: typeof fetch) => getJson<AgingReport>(`/api/aging${qs(p)}`, f),
  agingHistory: (p: { entity?: string | null; buckets?: string | null }, f?: typeof fetch) => getJson<AgingHistory>(`/api/aging/history${qs(p)}`, f),
  clients: (p: { as_of?: string | null; entity?: string | null; client?: string | null }, f?: typeof fetch) => getJson<ClientsReport>(`/api/clients${qs(p)}`, f),
  clientItems: (id: string, p: { as_of?: string | null; entity?: string | null }, f?: typeof fetch) => getJson<ClientItemsReport>(`/api/clients/${encodeURIComponent(id)}/items${qs(p)}`, f),
  forecast: (p: { as_of?: string | null; entity?: string | null }, f?: typeof fetch) => getJson<ForecastReport>(`/api/forecast${qs(p)}`, f),
  forecastWeek: (week: number, p: { as_of?: string | null; entity?: string | null }, f?: typeof fetch) => getJson<ForecastWeekDetail>(`/api/forecast/weeks/${week}${qs(p)}`, f),
  forecastHistory: (entity?: string | null, f?: typeof fetch) => getJson<{ weeks: ForecastHistoryWeek[] }>(`/api/forecast/history${qs({ entity })}`, f).then((r) => r.weeks),
  forecastBacktest: (entity?: string | null, f?: typeof fetch) => getJson<ForecastBacktestWire>(`/api/forecast/backtest${qs({ entity })}`, f),
  forecastSnapshots: (entity?: string | null, f?: typeof fetch) => getJson<{ snapshots: ForecastSnapshot[] }>(`/api/forecast/snapshots${qs({ entity })}`, f).then((r) => r.snapshots),
  forecastReview: (previous: number, current: number, f?: typeof fetch) => getJson<ForecastReview>(`/api/forecast/review${qs({ previous, current })}`, f),
  async saveForecastSnapshot(p: { as_of?: string | null; entity?: string | null }): Promise<ForecastSnapshot> {
    let res: Response;
    try {
      res = await fetch('/api/forecast/snapshots', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ as_of: p.as_of ?? undefined, entity: p.entity ?? null }) });
    } catch {
      throw new ApiError(0, 'The Encours server cannot be reached. Is it running?');
    }
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new ApiError(res.status, (body as { error?: string }).error ?? `HTTP ${res.status}`);
    return body as ForecastSnapshot;
  },
  riskQuality: (entity?: string | null, f?: typeof fetch) => getJson<RiskBacktestWire>(`/api/risk/quality${qs({ entity })}`, f),
  status: (f?: typeof fetch) => getJson<Status>('/api/status', f),
  imports: (limit = 100, f?: typeof fetch) => getJson<{ imports: ImportHistoryRow[] }>(`/api/imports?limit=${limit}`, f).then((r) => r.imports),
  job: (id: string) => getJson<ImportJob>(`/api/imports/jobs/${encodeURIComponent(id)}`),

  /**
   * Uploads files (multipart) with upload progress; resolves with the server's import jobs.
   * XMLHttpRequest rather than fetch: only it reports upload progress in browsers.
   */
  upload(files: File[], fields: { entity?: string; mapping?: string }, onProgress: (fraction: number) => void): Promise<ImportJob[]> {
    return new Promise((resolve, reject) => {
      const form = new FormData();
      if (fields.entity) form.append('entity', fields.entity);
      if (fields.mapping) form.append('mapping', fields.mapping);
      for (const f of files) form.append('file', f, f.name);
      const xhr = new XMLHttpRequest();
      xhr.open('POST', '/api/imports');
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
      xhr.onload = () => {
        let body: { jobs?: ImportJob[]; error?: string } = {};
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          /* not JSON: reported below */
        }
        if (xhr.status === 202 && body.jobs) resolve(body.jobs);
        else reject(new ApiError(xhr.status, body.error ?? `HTTP ${xhr.status}`));
      };
      xhr.onerror = () => reject(new ApiError(0, 'The upload was interrupted: the server cannot be reached.'));
      xhr.send(form);
    });
  },
};

export type { AgingReport, ClientItemsReport, ClientsReport, DsoReport, ImportHistoryRow, ImportJob, ImportOutcome, RiskBacktestWire, Status };
