// Answers kept per model build (models/cache.ts) are the same object for every reader: they are
// turned into JSON once, and each reader gets the same text. At a million lines the aged balance
// or the clients weigh a few megabytes, and serialising them for each of twenty readers kept the
// server's one thread busy while the forecast waited.
import type { FastifyReply } from 'fastify';

const texts = new WeakMap<object, string>();

/** Sends `body` as JSON, serialised once per answer object (JSON.stringify: several times faster than the schema serialiser on large answers; the contract tests check the answers against their schemas). */
export function sendJson(reply: FastifyReply, body: object): FastifyReply {
  let text = texts.get(body);
  if (text === undefined) {
    text = JSON.stringify(body);
    texts.set(body, text);
  }
  return reply.type('application/json; charset=utf-8').send(text);
}
