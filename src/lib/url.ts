// Page state lives in the URL (as-of date, entity, method, filters, sort): any view can be
// bookmarked and shared. These helpers read a parameter and write one without a new history entry.
import { goto } from '$app/navigation';
import { page } from '$app/state';

export function param(name: string, fallback = ''): string {
  return page.url.searchParams.get(name) ?? fallback;
}

export function setParams(values: Record<string, string | number | null | undefined>): void {
  const url = new URL(page.url);
  for (const [k, v] of Object.entries(values)) {
    if (v === null || v === undefined || v === '') url.searchParams.delete(k);
    else url.searchParams.set(k, String(v));
  }
  goto(url, { replaceState: true, keepFocus: true, noScroll: true });
}

/** A link to another page keeping the entity filter. */
export function withEntity(href: string, extra: Record<string, string | null | undefined> = {}): string {
  const url = new URL(href, 'http://x');
  const entity = page.url.searchParams.get('entity');
  if (entity) url.searchParams.set('entity', entity);
  for (const [k, v] of Object.entries(extra)) if (v) url.searchParams.set(k, v);
  return url.pathname + url.search;
}
