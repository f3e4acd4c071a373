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
//
// A large FEC in a single-byte encoding is copied in two parts at once, the second by a worker
// thread, cut after a line end near its middle: each part a UTF-8 file that starts with the header
// line, which DuckDB reads in order as one file (CleanParts.glob). On two cores the copy of 1.65 GB
// takes 6.7 s instead of 8.5 s, of 162 MB 0.6-0.8 s instead of 0.9 s (the disk writes are shared).
// A FEC has no quoted fields, so no line end is inside one.
import { closeSync, createReadStream, createWriteStream, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { startSourceWorker } from '../util/worker.ts';
import iconv from 'iconv-lite';
import type { Encoding } from './sniff.ts';

export async function copyAsCleanUtf8(
  src: string,
  dest: string,
  encoding: Encoding,
  onProgress?: (fraction: number) => void,
  totalBytes?: number,
  /** copy the bytes before this offset only (the first part of a copy in parts) */
  end?: number,
): Promise<void> {
  const converter = cleanUtf8Converter(encoding);
  let seen = 0;
  await pipeline(
    createReadStream(src, { highWaterMark: 4 * 1024 * 1024, ...(end === undefined ? {} : { end: end - 1 }) }),
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
  private readonly state = { crs: 0 };

  constructor(private readonly table: Utf8Table) {}

  write(chunk: Uint8Array): Buffer {
    // at most 3 bytes of UTF-8 a byte, and the '\r's held back if they turn out to be lone
    const out = Buffer.allocUnsafe(3 * chunk.length + this.state.crs);
    return out.subarray(0, singleByteToUtf8(chunk, out, this.table.bytes, this.table.length, this.state));
  }

  end(): Buffer {
    const rest = newlines(this.state.crs);
    this.state.crs = 0;
    return rest;
  }
}

/**
 * One chunk of a single-byte encoding into `out` as UTF-8, line ends made '\n'; returns the bytes
 * written. `state.crs` carries a run of '\r' cut by the chunk's end. Self-contained (no name from
 * outside, literal byte values): a worker thread runs its very source (copyAsCleanUtf8Parts).
 */
function singleByteToUtf8(chunk: Uint8Array, out: Uint8Array, bytes: Uint8Array, length: Uint8Array, state: { crs: number }): number {
  const n = chunk.length;
  let o = 0;
  let crs = state.crs;
  for (let i = 0; i < n; i++) {
    const b = chunk[i];
    if (b === 0x0d) {
      crs++;
      continue;
    }
    if (crs) {
      if (b === 0x0a) {
        out[o++] = 0x0a;
        crs = 0;
        continue;
      }
      for (; crs; crs--) out[o++] = 0x0a;
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
  state.crs = crs;
  return o;
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

/** A file copied clean in parts: UTF-8 files, each starting with the header line, read in order as one. */
export interface CleanParts {
  /** `<dir>/utf8-<k>.txt`, in the file's order */
  paths: string[];
  /** what DuckDB's read_csv is given: a glob whose files sort in the parts' order */
  glob: string;
}

/** Below this, one part: a worker's start and a second file are not worth it. */
const PARTS_FROM_BYTES = 32 * 1024 * 1024;

/**
 * Copies the file clean into `dir` (see copyAsCleanUtf8), in two parts at once when it is in a
 * single-byte encoding, `inParts` (a FEC: no quoted field holds a line end) and at least
 * `partsFrom` bytes long; otherwise in one.
 */
export async function copyAsCleanUtf8Parts(
  src: string,
  dir: string,
  encoding: Encoding,
  o: { inParts: boolean; totalBytes: number; onProgress?: (fraction: number) => void; partsFrom?: number },
): Promise<CleanParts> {
  const parts = { paths: [join(dir, 'utf8-0.txt')], glob: join(dir, 'utf8-*.txt') };
  const table = encoding === 'windows-1252' || encoding === 'iso-8859-15' ? utf8Table(encoding) : undefined;
  const cut = table && o.inParts && o.totalBytes >= (o.partsFrom ?? PARTS_FROM_BYTES) ? lineStartNear(src, Math.floor(o.totalBytes / 2), o.totalBytes) : undefined;
  if (!table || cut === undefined) {
    await copyAsCleanUtf8(src, parts.paths[0], encoding, o.onProgress, o.totalBytes);
    return parts;
  }
  parts.paths.push(join(dir, 'utf8-1.txt'));
  const workerData = { src, dest: parts.paths[1], start: cut, header: headerLine(src, table), bytes: table.bytes, length: table.length };
  const second = startSourceWorker<void>(SECOND_PART_WORKER, workerData, "The copy of the file's second half");
  try {
    // the first part's progress stands for both: they go at the same pace
    await copyAsCleanUtf8(src, parts.paths[0], encoding, o.onProgress, cut, cut);
    await second.result;
  } finally {
    await second.stop();
  }
  return parts;
}

/** The second part's copy, in a worker thread: the same singleByteToUtf8, from its source. */
const SECOND_PART_WORKER = `
const { parentPort, workerData: d } = require('node:worker_threads');
const { createReadStream, createWriteStream } = require('node:fs');
const { once } = require('node:events');
const singleByteToUtf8 = ${singleByteToUtf8.toString()};
(async () => {
  const out = createWriteStream(d.dest);
  out.write(d.header);
  const state = { crs: 0 };
  for await (const chunk of createReadStream(d.src, { start: d.start, highWaterMark: 4 * 1024 * 1024 })) {
    const buf = Buffer.allocUnsafe(3 * chunk.length + state.crs);
    if (!out.write(buf.subarray(0, singleByteToUtf8(chunk, buf, d.bytes, d.length, state)))) await once(out, 'drain');
  }
  out.end(Buffer.alloc(state.crs, 10));
  await once(out, 'close');
  parentPort.postMessage('done');
})();
`;

/** The offset just after the first '\n' at or after `from`, if one comes within 64 KB (a line's most) and is not the file's last byte. */
function lineStartNear(src: string, from: number, size: number): number | undefined {
  const probe = Buffer.alloc(64 * 1024);
  const fd = openSync(src, 'r');
  try {
    const n = readSync(fd, probe, 0, probe.length, from);
    const lf = probe.subarray(0, n).indexOf(0x0a);
    return lf === -1 || from + lf + 1 >= size ? undefined : from + lf + 1;
  } finally {
    closeSync(fd);
  }
}

/** The file's first line in UTF-8, with a '\n': the second part's header. */
function headerLine(src: string, table: Utf8Table): Buffer {
  const head = Buffer.alloc(128 * 1024);
  const fd = openSync(src, 'r');
  try {
    const n = readSync(fd, head, 0, head.length, 0);
    const ends = [head.subarray(0, n).indexOf(0x0a), head.subarray(0, n).indexOf(0x0d)].filter((i) => i !== -1);
    const line = head.subarray(0, ends.length ? Math.min(...ends) : n);
    const out = Buffer.allocUnsafe(3 * line.length + 1);
    const written = singleByteToUtf8(line, out, table.bytes, table.length, { crs: 0 });
    out[written] = 0x0a;
    return out.subarray(0, written + 1);
  } finally {
    closeSync(fd);
  }
}

/**
 * A line of the original file from a line of one of its parts (1 is a part's header): what
 * DuckDB's error about `file` line `line` means to the user. Counts the earlier parts' lines
 * (the error's path only).
 */
export function originalLine(parts: CleanParts, file: string, line: number): number {
  const k = parts.paths.indexOf(file);
  if (k <= 0) return line;
  let before = 0;
  const buf = Buffer.alloc(4 * 1024 * 1024);
  for (let j = 0; j < k; j++) {
    const fd = openSync(parts.paths[j], 'r');
    try {
      for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) {
        for (let p = buf.subarray(0, n).indexOf(0x0a); p !== -1 && p < n; p = buf.subarray(0, n).indexOf(0x0a, p + 1)) before++;
      }
    } finally {
      closeSync(fd);
    }
    if (j > 0) before--; // that part's own header
  }
  return before + line - 1;
}
