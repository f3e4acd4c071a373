// DuckDB reads UTF-8 only (its latin-1 reader rejects the Windows-1252 bytes 0x80-0x9F: €, œ, ’…,
// and no encodings extension can be downloaded here), and its strict CSV reader wants one kind of
// line end per file. A file that is not already so is copied to UTF-8 with every line end made
// \n, as a stream, so memory stays flat whatever the file size. UTF-8 files with regular line
// ends are read as they are.
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import iconv from 'iconv-lite';
import type { Encoding } from './sniff.ts';

export async function copyAsCleanUtf8(
  src: string,
  dest: string,
  encoding: Encoding,
  onProgress?: (fraction: number) => void,
  totalBytes?: number,
): Promise<void> {
  let seen = 0;
  const progress = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (onProgress && totalBytes) onProgress(seen / totalBytes);
      done(null, chunk);
    },
  });
  await pipeline(
    createReadStream(src, { highWaterMark: 4 * 1024 * 1024 }),
    progress,
    iconv.decodeStream(encoding, { stripBOM: true }),
    toCleanUtf8Bytes(),
    createWriteStream(dest),
  );
}

/**
 * Decoded text → UTF-8 bytes, every line end made '\n': '\r\n', '\r\r\n' (one line end, as Windows
 * exports mean it) and '\r' alone (old Mac files) — so the lines keep their numbers. Trailing '\r's
 * wait for the next chunk, which may start with their '\n'.
 */
function toCleanUtf8Bytes(): Transform {
  let pending = '';
  return new Transform({
    decodeStrings: false,
    transform(chunk: string, _enc, done) {
      let text = pending + chunk;
      const tail = /\r*$/.exec(text)![0].length;
      pending = text.slice(text.length - tail);
      text = text.slice(0, text.length - tail).replace(/\r*\n|\r/g, '\n');
      done(null, Buffer.from(text, 'utf8'));
    },
    flush(done) {
      done(null, Buffer.from(pending.replace(/\r/g, '\n'), 'utf8'));
    },
  });
}
