// Answers kept per model build (models/cache.ts) are the same object for every reader: they are
// turned into JSON once, and each reader gets the same text. At a million lines the aged balance
// or the clients weigh a few megabytes, and serialising them for each of twenty readers kept the
// server's one thread busy while the forecast waited. A large answer is also gzipped once, for the
// readers that accept it (browsers, fetch): a tenth of the bytes to write, on a LAN or a VPN as on
// this machine's loopback.
import type { FastifyReply } from 'fastify';
import { gzipSync } from 'node:zlib';
import { negotiate } from '@fastify/accept-negotiator';

interface Kept {
  text: string;
  gzip?: Buffer;
}
const kept = new WeakMap<object, Kept>();

/** Whether the request's Accept-Encoding takes gzip over the plain text (q-values weighed: "gzip;q=0" refuses it). */
function acceptsGzip(header: string | string[] | undefined): boolean {
  return negotiate(String(header ?? ''), ['gzip', 'identity']) === 'gzip';
}

/** Below this, an answer goes as it is: compressing it would cost more than it saves. */
const GZIP_FROM_CHARS = 32 * 1024;

/** Sends `body` as JSON, serialised once per answer object (JSON.stringify: several times faster than the schema serialiser on large answers; the contract tests check the answers against their schemas). */
export function sendJson(reply: FastifyReply, body: object): FastifyReply {
  let answer = kept.get(body);
  if (answer === undefined) {
    answer = { text: JSON.stringify(body) };
    kept.set(body, answer);
  }
  reply.type('application/json; charset=utf-8');
  if (answer.text.length < GZIP_FROM_CHARS) return reply.send(answer.text);
  // added to what Vary says already (a cache keeps one copy per encoding)
  const vary = reply.getHeader('vary');
  reply.header('vary', vary ? `${String(vary)}, accept-encoding` : 'accept-encoding');
  if (!acceptsGzip(reply.request.headers['accept-encoding'])) return reply.send(answer.text);
  // level 4: most of the gain for a fraction of the default level's time (an answer not kept, a
  // filtered worklist, is compressed at each request)
  answer.gzip ??= gzipSync(answer.text, { level: 4 });
  return reply.header('content-encoding', 'gzip').send(answer.gzip);
}
