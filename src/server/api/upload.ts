// Receiving a multipart upload: each file streamed into a temporary file (never held in memory),
// the form's fields, and the small text files a caller asks for (an import's *.mapping.json). The
// limits of the parser are said with the file concerned; a body cut off or not well-formed is an
// interrupted upload; whatever fails, the temporary files are gone. The caller removes them once
// read (cleanup).
import { createWriteStream, mkdirSync, rmSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { say, UserError } from '../util/messages.ts';

export interface Upload {
  files: { path: string; name: string }[];
  fields: Record<string, string>;
  /** the parts read as text instead of files (asText), by file name */
  texts: Record<string, string>;
  /** removes the temporary files */
  cleanup: () => Promise<void>;
}

export async function receiveUpload(req: FastifyRequest, p: { tmpDir: string; maxBytes: number; maxFiles: number; asText?: (name: string) => boolean }): Promise<Upload> {
  if (!req.isMultipart()) throw new UserError(say.uploadNotMultipart, 415);
  mkdirSync(p.tmpDir, { recursive: true });
  const files: { path: string; name: string; out: WriteStream }[] = [];
  const fields: Record<string, string> = {};
  const texts: Record<string, string> = {};
  // a write stream destroyed by a failed pipeline may still be opening its file: wait for it to
  // close before removing the file, or the file appears after its removal
  const cleanup = async () => {
    await Promise.all(files.map((f) => (f.out.closed ? undefined : new Promise<void>((closed) => f.out.once('close', () => closed())))));
    for (const f of files) rmSync(f.path, { force: true });
  };
  const tooLarge = (name: string | null) => new UserError(say.uploadTooLarge(name, p.maxBytes), 413);
  try {
    for await (const part of req.parts({ limits: { fileSize: p.maxBytes, files: p.maxFiles } })) {
      if (part.type === 'field') {
        fields[part.fieldname] = String(part.value);
        continue;
      }
      if (p.asText?.(part.filename)) {
        texts[part.filename] = (await part.toBuffer()).toString('utf8');
        continue;
      }
      // the body ended inside this part before it was read: the parser has already dropped its
      // stream, and piping a destroyed stream would wait for ever
      if (part.file.destroyed) throw new UserError(say.uploadInterrupted);
      const path = join(p.tmpDir, `${randomUUID()}.upload`);
      const out = createWriteStream(path);
      files.push({ path, name: part.filename, out });
      await pipeline(part.file, out);
      if (part.file.truncated) throw tooLarge(part.filename);
    }
  } catch (err) {
    await cleanup();
    // the limits of the multipart parser, said with the file concerned
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(files.at(-1)?.name ?? null);
    if (code === 'FST_FILES_LIMIT') throw new UserError(say.tooManyFiles(p.maxFiles), 413);
    // ours, a refusal of the parser with its own status, or the server's disk (a system error): as they are
    const { statusCode, syscall } = err as { statusCode?: number; syscall?: string };
    if (err instanceof UserError || (statusCode && statusCode < 500) || syscall) throw err;
    // anything else is the body: cut off before its end, or not well-formed multipart
    throw new UserError(say.uploadInterrupted);
  }
  if (!files.length) {
    await cleanup();
    throw new UserError(say.noFileReceived);
  }
  return { files: files.map(({ path, name }) => ({ path, name })), fields, texts, cleanup };
}
