// DuckDB reads UTF-8 only (its latin-1 reader rejects the Windows-1252 bytes 0x80-0x9F: €, œ, ’…,
// and no encodings extension can be downloaded here), and its strict CSV reader wants one kind of
// line end per file. A file that is not already so is copied to UTF-8 with every line end made
// \n, as a stream, so memory stays flat whatever the file size. UTF-8 files with regular line
// ends are read as they are.
//
// Windows-1252 and ISO-8859-15 are copied byte by byte through a table rather than by iconv-lite:
// decoding hundreds of MB into JS strings, replacing line ends with a regex and encoding back to
// UTF-8 took about half of a Windows-1252 FEC's import (13.8 s against 7.2 s for the same file in
// UTF-8). One byte of a single-byte encoding is always the same 1 to 3 bytes of UTF-8, so a table
// of 256 entries — built from iconv-lite's own decoding of each byte, so the mapping is exactly
// its mapping, the 5 bytes Windows-1252 leaves undefined included (U+FFFD) — and one pass that
// also makes the line ends do the same work without a string. UTF-8 keeps its bytes and only has
// its line ends made regular. UTF-16 is rare and still goes through iconv-lite.
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
  const converter = cleanUtf8Converter(encoding);
  let seen = 0;
  await pipeline(
    createReadStream(src, { highWaterMark: 4 * 1024 * 1024 }),
    new Transform({
      transform(chunk: Buffer, _enc, done) {
        seen += chunk.length;
        if (onProgress && totalBytes) onProgress(seen / totalBytes);
        done(null, converter.write(chunk));
      },
      flush(done) {
        done(null, converter.end());
      },
    }),
    createWriteStream(dest),
  );
}

/**
 * Bytes in the file's encoding → UTF-8 bytes, chunk by chunk, every line end made '\n': '\r\n',
 * '\r\r\n' (one line end, as Windows exports mean it; any run of '\r' before a '\n' counts as
 * one) and '\r' alone (old Mac files, one '\n' each) — so the lines keep their numbers. A run of
 * '\r' at the end of a chunk waits for the next one, which may start with its '\n'. The BOM is
 * dropped (a UTF-8 or UTF-16 one; single-byte encodings have none).
 */
export interface CleanUtf8Converter {
  write(chunk: Uint8Array): Buffer;
  /** What is still held back, at the end of the file. */
  end(): Buffer;
}

export function cleanUtf8Converter(encoding: Encoding): CleanUtf8Converter {
  switch (encoding) {
    case 'windows-1252':
    case 'iso-8859-15':
      return new SingleByteToUtf8(utf8Table(encoding));
    case 'utf-8':
      return new Utf8LineEnds();
    default:
      return new DecodedToUtf8(encoding);
  }
}

const CR = 0x0d;
const LF = 0x0a;
const EMPTY = Buffer.alloc(0);

/** Each byte's UTF-8 bytes: `bytes[3b..3b+length[b]]`. */
interface Utf8Table {
  bytes: Uint8Array;
  length: Uint8Array;
}

const tables = new Map<Encoding, Utf8Table>();

function utf8Table(encoding: Encoding): Utf8Table {
  let table = tables.get(encoding);
  if (table) return table;
  table = { bytes: new Uint8Array(256 * 3), length: new Uint8Array(256) };
  for (let b = 0; b < 256; b++) {
    const utf8 = Buffer.from(iconv.decode(Buffer.of(b), encoding, { stripBOM: false }), 'utf8');
    // the copy below writes bytes under 0x80 as they are: both encodings agree with ASCII there
    if (utf8.length < 1 || utf8.length > 3 || (b < 0x80 && (utf8.length !== 1 || utf8[0] !== b))) throw new Error(`${encoding}: byte ${b} decodes to unexpected UTF-8 ${utf8.toString('hex')}`);
    table.bytes.set(utf8, 3 * b);
    table.length[b] = utf8.length;
  }
  tables.set(encoding, table);
  return table;
}

/** n '\n's, for a run of lone '\r'. */
function newlines(n: number): Buffer {
  return n ? Buffer.alloc(n, LF) : EMPTY;
}

class SingleByteToUtf8 implements CleanUtf8Converter {
  /** '\r's seen at the end of the previous chunk, not yet written */
  private crs = 0;

  constructor(private readonly table: Utf8Table) {}

  write(chunk: Uint8Array): Buffer {
    const { bytes, length } = this.table;
    const n = chunk.length;
    // at most 3 bytes of UTF-8 a byte, and the '\r's held back if they turn out to be lone
    const out = Buffer.allocUnsafe(3 * n + this.crs);
    let o = 0;
    let crs = this.crs;
    for (let i = 0; i < n; i++) {
      const b = chunk[i];
      if (b === CR) {
        crs++;
        continue;
      }
      if (crs) {
        if (b === LF) {
          out[o++] = LF;
          crs = 0;
          continue;
        }
        for (; crs; crs--) out[o++] = LF;
      }
      if (b < 0x80) {
        out[o++] = b;
      } else {
        // 3 bytes written whatever the length (out has room): those past it are overwritten next, or left out
        const t = 3 * b;
        out[o] = bytes[t];
        out[o + 1] = bytes[t + 1];
        out[o + 2] = bytes[t + 2];
        o += length[b];
      }
    }
    this.crs = crs;
    return out.subarray(0, o);
  }

  end(): Buffer {
    const rest = newlines(this.crs);
    this.crs = 0;
    return rest;
  }
}

const UTF8_BOM = Buffer.of(0xef, 0xbb, 0xbf);

/**
 * UTF-8 bytes stay as they are (sniff.ts only says 'utf-8' of bytes that are valid UTF-8), and
 * '\r' and '\n' are single bytes in UTF-8, never part of a longer sequence: only the line ends
 * change, the spans between them are copied whole.
 */
class Utf8LineEnds implements CleanUtf8Converter {
  private crs = 0;
  /** the file's first bytes while they are fewer than a BOM's 3 and could be one */
  private start: Buffer | undefined = EMPTY;

  write(input: Uint8Array): Buffer {
    let chunk = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.length);
    if (this.start) {
      const data = this.start.length ? Buffer.concat([this.start, chunk]) : chunk;
      if (data.length < 3 && UTF8_BOM.subarray(0, data.length).equals(data)) {
        this.start = Buffer.from(data);
        return EMPTY;
      }
      this.start = undefined;
      chunk = data.subarray(0, 3).equals(UTF8_BOM) ? data.subarray(3) : data;
    }
    const n = chunk.length;
    let crs = this.crs;
    let p = chunk.indexOf(CR);
    if (p === -1 && !crs) return chunk;
    const out = Buffer.allocUnsafe(n + crs);
    let o = 0;
    let from = 0; // the start of the bytes not yet copied
    for (;;) {
      const to = p === -1 ? n : p;
      if (from < to && crs) {
        // the run of '\r' before this span ends here: with its '\n', or alone
        if (chunk[from] === LF) {
          out[o++] = LF;
          from++;
        } else {
          out.fill(LF, o, o + crs);
          o += crs;
        }
        crs = 0;
      }
      o += chunk.copy(out, o, from, to);
      if (p === -1) break;
      for (from = p; from < n && chunk[from] === CR; from++) crs++;
      p = chunk.indexOf(CR, from);
    }
    this.crs = crs;
    return out.subarray(0, o);
  }

  end(): Buffer {
    const rest = Buffer.concat([this.start ?? EMPTY, newlines(this.crs)]);
    this.start = undefined;
    this.crs = 0;
    return rest;
  }
}

/** UTF-16: decoded by iconv-lite into text, whose line ends are made '\n', encoded to UTF-8. */
class DecodedToUtf8 implements CleanUtf8Converter {
  private readonly decoder: iconv.DecoderStream;
  private pending = '';

  constructor(encoding: Encoding) {
    this.decoder = iconv.getDecoder(encoding, { stripBOM: true });
  }

  write(chunk: Uint8Array): Buffer {
    let text = this.pending + this.decoder.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    // a character outside the BMP cut by the chunk boundary: its first half waits for the second
    // (encoded alone, each half would become U+FFFD)
    const last = text.charCodeAt(text.length - 1);
    const tail = last >= 0xd800 && last <= 0xdbff ? 1 : /\r*$/.exec(text)![0].length;
    this.pending = text.slice(text.length - tail);
    text = text.slice(0, text.length - tail).replace(/\r*\n|\r/g, '\n');
    return Buffer.from(text, 'utf8');
  }

  end(): Buffer {
    const rest = (this.pending + (this.decoder.end() ?? '')).replace(/\r*\n|\r/g, '\n');
    this.pending = '';
    return Buffer.from(rest, 'utf8');
  }
}
