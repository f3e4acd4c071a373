// Page state lives in the URL (as-of date, entity, method, filters, sort, page): any view can be
// bookmarked and shared, and Back returns to the previous state of the page, not to another page.
import { goto } from '$app/navigation';
import { page } from '$app/state';

export function param(name: string, fallback = ''): string {
  return page.url.searchParams.get(name) ?? fallback;
}

/**
 * Writes parameters of the page's URL: a new history entry (Back undoes the change), or, with
 * `replace`, the current one (keystrokes of a text being typed: see textParam).
 */
export function setParams(values: Record<string, string | number | null | undefined>, options: { replace?: boolean } = {}): void {
  const url = new URL(page.url);
  for (const [k, v] of Object.entries(values)) {
    if (v === null || v === undefined || v === '') url.searchParams.delete(k);
    else url.searchParams.set(k, String(v));
  }
  if (url.search === page.url.search) return;
  goto(url, { replaceState: options.replace ?? false, keepFocus: true, noScroll: true });
}

/**
 * Handlers for a text input kept in the URL (a filter): the first keystroke after the input gets
 * the focus makes one history entry, the next ones update it — Back goes to before the typing.
 */
export function textParam(name: string, extra: Record<string, string | null> = {}) {
  let typing = false;
  return {
    onfocus: () => (typing = false),
    oninput: (e: Event & { currentTarget: HTMLInputElement }) => {
      setParams({ [name]: e.currentTarget.value || null, ...extra }, { replace: typing });
      typing = true;
    },
  };
}

/** A link to another page keeping the entity filter. */
export function withEntity(href: string, extra: Record<string, string | null | undefined> = {}): string {
  const url = new URL(href, 'http://x');
  const entity = page.url.searchParams.get('entity');
  if (entity) url.searchParams.set('entity', entity);
  for (const [k, v] of Object.entries(extra)) if (v) url.searchParams.set(k, v);
  return url.pathname + url.search;
}
