// A single-page app: no server-side rendering, the fastify server serves index.html for every page.
export const ssr = false;
export const prerender = false;
