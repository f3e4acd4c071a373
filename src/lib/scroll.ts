// Back to a page restores its scroll position once its data has loaded: SvelteKit restores it at
// once, while the page is still empty and short, so a long table would come back at its top.
const key = (url: URL) => `encours.scroll:${url.pathname}${url.search}`;
let pending: number | null = null;

/** Before leaving a page: where it was scrolled to. */
export function rememberScroll(url: URL): void {
  if (typeof sessionStorage !== 'undefined') sessionStorage.setItem(key(url), String(Math.round(scrollY)));
}

/** After Back or Forward to a page: scroll there once its data is shown (applyScroll). */
export function expectScroll(url: URL): void {
  const saved = typeof sessionStorage !== 'undefined' ? sessionStorage.getItem(key(url)) : null;
  pending = saved ? Number(saved) : null;
}

/** Called when a page's data has loaded: restores the expected position, once. */
export function applyScroll(): void {
  if (pending === null) return;
  const y = pending;
  pending = null;
  requestAnimationFrame(() => scrollTo(0, y));
}
