// The UI's API client: the typed client of the contract (one function per route, src/lib/contract)
// bound to this origin, in the UI's language, checking every answer against its schema in
// development and in tests, and the upload with progress. The only place the UI builds URLs or reads responses.
import { ApiError, createClient } from '../contract/client.ts';
import type { ImportJob } from '../contract/index.ts';
import { i18n, t } from '../i18n/locale.svelte.ts';

export { ApiError };
export type * from '../contract/index.ts';

let unauthorized: () => void = () => {};
/** Called when a request is refused for want of a session (session.svelte.ts brings the sign-in page). */
export function onUnauthorized(handler: () => void): void {
  unauthorized = handler;
}

/** fetch, noticing a session that ended (401 outside the sign-in routes, which answer 401 for a wrong password). */
const watchedFetch: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  if (res.status === 401 && !String(input).startsWith('/api/auth/')) unauthorized();
  return res;
};

export const api = {
  // the server answers its errors in the UI's language
  ...createClient({ baseUrl: '', fetch: watchedFetch, check: import.meta.env.DEV, headers: () => ({ 'accept-language': i18n.locale }), unreachable: () => t().common.unreachable }),

  /**
   * Uploads files (multipart) with upload progress; resolves with the server's import jobs.
   * XMLHttpRequest rather than fetch: only it reports upload progress in browsers.
   */
  uploadWithProgress(files: File[], fields: { entity?: string; mapping?: string }, onProgress: (fraction: number) => void): Promise<ImportJob[]> {
    return new Promise((resolve, reject) => {
      const form = new FormData();
      if (fields.entity) form.append('entity', fields.entity);
      if (fields.mapping) form.append('mapping', fields.mapping);
      for (const f of files) form.append('file', f, f.name);
      const xhr = new XMLHttpRequest();
      xhr.open('POST', '/api/imports');
      xhr.setRequestHeader('accept-language', i18n.locale);
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
      xhr.onload = () => {
        let body: { jobs?: ImportJob[]; error?: string } = {};
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          /* not JSON: reported below */
        }
        if (xhr.status === 401) unauthorized();
        if (xhr.status === 202 && body.jobs) resolve(body.jobs);
        else reject(new ApiError(xhr.status, body.error ?? `HTTP ${xhr.status}`));
      };
      xhr.onerror = () => reject(new ApiError(0, t().common.uploadInterrupted));
      xhr.send(form);
    });
  },
};
