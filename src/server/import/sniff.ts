// One streaming pass over the received bytes: content hash, size, encoding, the first line and
// the kinds of line ends. The hash recognises a byte-identical file; the encoding and the line
// ends decide whether DuckDB can read the file as it is (UTF-8, one kind of line end) or whether
// it must be copied clean first (see transcode.ts).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { ImportError } from './errors.ts';

export type Encoding = 'utf-8' | 'windows-1252' | 'iso-8859-15' | 'utf-16le' | 'utf-16be';

export interface Sniffed {
  hash: string;
  bytes: number;
  encoding: Encoding;
  hasBom: boolean;
  /** The header line, decoded, without BOM and line end. */
  headerLine: string;
  /**
   * Line ends DuckDB's strict reader cannot take as they are: \r\r\n (some Windows exports), or
   * several kinds in one file (\r\n, \n and \r alone: files pasted together, edited on two systems).
   */
  irregularLineEnds: boolean;
}

/**
 * The longest line read, the header included: a FEC line is a few hundred bytes, an invoice row
 * rarely above a thousand; 64 KB leaves room for long labels and still stops a line padded with a
 * million separators, or a file that is one endless line, before it costs memory.
 */
export const MAX_LINE_BYTES = 64 * 1024;

/** Enough of the file's start to hold a header of MAX_LINE_BYTES, even in UTF-16. */
const HEAD_BYTES = 2 * MAX_LINE_BYTES;

const CR = 0x0d;
const LF = 0x0a;
/** The separators a header may use: tab, |, ; and , (the same bytes in UTF-8, single-byte encodings and UTF-16). */
const SEPARATORS = [0x09, 0x7c, 0x3b, 0x2c];

export async function sniffFile(path: string, fileName: string, onProgress?: (fraction: number) => void, totalBytes?: number): Promise<Sniffed> {
  const hash = createHash('sha256');
  let bytes = 0;
  let head = Buffer.alloc(0);
  let utf8 = true;
  let carry = Buffer.alloc(0); // an incomplete UTF-8 sequence cut by the chunk boundary
  let notUtf8At: number | undefined; // the offset of the first byte that is not UTF-8
  let hasC1 = false; // bytes 0x80-0x9F: printable in Windows-1252, control codes in ISO-8859-15
  let hasNul = false;
  const firstLine = new FirstLine();
  const lineEnds = new LineEnds();
  let steps: Utf16Steps | undefined | null; // decided on the first chunk: null when the file is not UTF-16

  for await (const chunk of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
    if (steps === undefined) {
      const wide = bomEncoding(head) ?? utf16WithoutBom(head);
      steps = wide?.startsWith('utf-16') ? new Utf16Steps(wide === 'utf-16be') : null;
    }
    steps?.add(chunk);
    if (!hasNul && chunk.includes(0)) hasNul = true;
    firstLine.add(chunk);
    lineEnds.add(chunk);
    if (utf8) {
      const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const cut = incompleteTail(data);
      const body = data.subarray(0, data.length - cut);
      if (!isUtf8(body)) {
        utf8 = false;
        notUtf8At = bytes - (data.length - chunk.length) + firstInvalidUtf8(body);
      }
      carry = Buffer.from(data.subarray(data.length - cut));
    }
    if (!utf8 && !hasC1) hasC1 = hasC1Byte(chunk);
    bytes += chunk.length;
    if (onProgress && totalBytes) onProgress(bytes / totalBytes);
  }
  if (carry.length) {
    utf8 = false;
    notUtf8At ??= bytes - carry.length;
  }

  if (bytes === 0) throw new ImportError(fileName, 'the file is empty (0 bytes).', 'Export the ledger again: the file received has no content.');

  let encoding: Encoding;
  const bom = bomEncoding(head);
  const hasBom = !!bom;
  const utf16 = utf16WithoutBom(head);
  if (bom === 'utf-8' && !utf8) {
    // DuckDB must never read bytes that are not UTF-8 as UTF-8: some of its functions then fail so
    // badly that the whole database has to be reopened
    const line = await lineAt(path, notUtf8At ?? 0);
    throw new ImportError(
      fileName,
      `the file starts with the UTF-8 mark, but line ${line} has bytes that are not UTF-8.`,
      'The file was damaged, or lines saved in another encoding were added to it. Export it again, in UTF-8 or Windows-1252.',
      [{ line, message: 'bytes that are not UTF-8' }],
    );
  } else if (bom) {
    encoding = bom;
  } else if (isBinarySignature(head)) {
    throw notText(fileName, head);
  } else if (utf16) {
    encoding = utf16;
  } else if (hasNul) {
    throw notText(fileName, head);
  } else if (utf8) {
    encoding = 'utf-8';
  } else if (hasC1) {
    encoding = 'windows-1252';
  } else {
    // Without bytes 0x80-0x9F the two single-byte encodings only differ on 8 rare letters and
    // the euro sign (0xA4 is € in ISO-8859-15, ¤ in Windows-1252): ISO-8859-15 is the safer read.
    encoding = 'iso-8859-15';
  }
  const wide = encoding.startsWith('utf-16');
  firstLine.refuseIfTooLong(fileName, wide ? 2 : 1);
  if (wide) steps?.refuseIfOutOfStep(fileName);
  const headerLine = decodeHead(head, encoding, hasBom);
  if (encoding !== 'utf-8' && controlShare(headerLine) > 0.05) {
    throw new ImportError(fileName, 'the text encoding could not be recognised (the first line is unreadable in UTF-8, UTF-16, Windows-1252 and ISO-8859-15).', 'Export the file again in UTF-8 (or Windows-1252), which every accounting package offers.');
  }
  // UTF-16 is always copied, and its line ends with it: the byte counts above mean nothing there
  return { hash: hash.digest('hex'), bytes, encoding, hasBom, headerLine, irregularLineEnds: !wide && lineEnds.irregular() };
}

/**
 * The first line's length and separators, counted as the bytes stream by: a header line that
 * never ends within MAX_LINE_BYTES is reported with its real size and number of columns.
 */
class FirstLine {
  private bytes = 0;
  private ended = false;
  private readonly separators = SEPARATORS.map(() => 0);

  add(chunk: Buffer): void {
    if (this.ended) return;
    const cr = chunk.indexOf(CR);
    const lf = chunk.indexOf(LF);
    const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
    const part = end === -1 ? chunk : chunk.subarray(0, end);
    for (const b of part) {
      const i = SEPARATORS.indexOf(b);
      if (i !== -1) this.separators[i]++;
    }
    this.bytes += part.length;
    this.ended = end !== -1;
  }

  refuseIfTooLong(fileName: string, bytesPerChar: number): void {
    const length = this.bytes / bytesPerChar;
    if (length <= MAX_LINE_BYTES) return;
    const most = Math.max(...this.separators);
    const shape = most ? `has ${most + 1} columns (${size(length)})` : `is ${size(length)} long without a column separator`;
    throw new ImportError(
      fileName,
      `the first line ${shape}: this is not the header line of a FEC (18 to 22 columns) or of an invoice CSV.`,
      'A ledger export starts with a header line naming its columns (JournalCode, JournalLib, EcritureNum… for a FEC). Export the ledger again, as a FEC or as an invoice list in CSV.',
      [{ line: 1, message: `the header line is longer than ${size(MAX_LINE_BYTES)}` }],
    );
  }
}

/** Which kinds of line ends the file uses (\r\n, \r\r\n, \n alone, \r alone), counted across chunks. */
class LineEnds {
  private crlf = 0;
  private crcrlf = 0;
  private lf = 0;
  private cr = 0;
  /** the last two bytes of the previous chunk, for a line end cut by the chunk boundary */
  private before = [0, 0];

  add(chunk: Buffer): void {
    if (this.crcrlf || (this.crlf && this.lf)) return; // already irregular: no need to look further
    const at = (i: number) => (i >= 0 ? chunk[i] : this.before[2 + i]);
    for (let p = chunk.indexOf(LF); p !== -1; p = chunk.indexOf(LF, p + 1)) {
      if (at(p - 1) !== CR) this.lf++;
      else if (at(p - 2) === CR) this.crcrlf++;
      else this.crlf++;
    }
    for (let p = chunk.indexOf(CR); p !== -1; p = chunk.indexOf(CR, p + 1)) this.cr++;
    this.before = [at(chunk.length - 2), at(chunk.length - 1)];
  }

  irregular(): boolean {
    const lone = this.cr - this.crlf - 2 * this.crcrlf;
    return this.crcrlf > 0 || [this.crlf, this.lf, lone].filter((n) => n > 0).length > 1;
  }
}

/**
 * Whether UTF-16 text stays in step: each line end is a pair of bytes (0A 00 or 0D 00 in
 * little-endian, 00 0A or 00 0D in big-endian) at an even offset. A byte lost or added shifts
 * everything after it by one, until another does the same: the lines in between run together
 * into one, and a row could take its first fields from one line and its last from another. The
 * first line end out of step is reported with the line it falls on.
 */
class Utf16Steps {
  private offset = 0;
  private last = -1;
  /** a little-endian line end's first byte that ended the previous chunk: where, and which */
  private pending: { at: number; end: number } | undefined;
  private lineEnds = { [LF]: 0, [CR]: 0 };
  private outOfStep: number | undefined;

  constructor(private readonly bigEndian: boolean) {}

  add(chunk: Buffer): void {
    if (this.outOfStep !== undefined || !chunk.length) return;
    if (this.pending && chunk[0] === 0) this.pair(this.pending.at, this.pending.end);
    this.pending = undefined;
    // the \n and \r bytes in the order they come, so that the line count is right where it stops
    let lf = chunk.indexOf(LF);
    let cr = chunk.indexOf(CR);
    while ((lf !== -1 || cr !== -1) && this.outOfStep === undefined) {
      const end = cr === -1 || (lf !== -1 && lf < cr) ? LF : CR;
      const p = end === LF ? lf : cr;
      if (this.bigEndian) {
        if ((p > 0 ? chunk[p - 1] : this.last) === 0) this.pair(this.offset + p - 1, end);
      } else if (p + 1 === chunk.length) this.pending = { at: this.offset + p, end };
      else if (chunk[p + 1] === 0) this.pair(this.offset + p, end);
      if (end === LF) lf = chunk.indexOf(LF, p + 1);
      else cr = chunk.indexOf(CR, p + 1);
    }
    this.last = chunk[chunk.length - 1];
    this.offset += chunk.length;
  }

  private pair(start: number, end: number): void {
    if (start % 2 === 0) this.lineEnds[end as typeof LF]++;
    else this.outOfStep ??= this.line();
  }

  /** the line so far: counted on \n, or on \r in a file that has none */
  private line(): number {
    return (this.lineEnds[LF] || this.lineEnds[CR]) + 1;
  }

  refuseIfOutOfStep(fileName: string): void {
    if (this.outOfStep === undefined) return;
    throw new ImportError(
      fileName,
      `the UTF-16 text is out of step from line ${this.outOfStep} on: a byte is missing or extra there, so the lines after it would run together.`,
      'The file was damaged on its way (a copy cut short, an edit that was not saved as UTF-16). Export it again, in UTF-8 if the software offers it.',
      [{ line: this.outOfStep, message: 'a byte missing or extra in the UTF-16 text' }],
    );
  }
}

/** The encoding a byte-order mark says, if the file starts with one. */
function bomEncoding(head: Buffer): Encoding | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * UTF-16 without a byte-order mark, from its zero bytes: the ASCII letters of a ledger's header and
 * figures have a zero high byte, so nearly every other byte is zero — at odd offsets in
 * little-endian, at even ones in big-endian — which no single-byte text has.
 */
function utf16WithoutBom(head: Buffer): Encoding | undefined {
  const pairs = Math.floor(head.length / 2);
  if (pairs < 2) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  if (oddZeros > 0.4 * pairs && evenZeros < 0.05 * pairs) return 'utf-16le';
  if (evenZeros > 0.4 * pairs && oddZeros < 0.05 * pairs) return 'utf-16be';
  return undefined;
}

/** The offset of the first byte of `data` that does not start a valid UTF-8 sequence (data.length if none). */
function firstInvalidUtf8(data: Buffer): number {
  for (let i = 0; i < data.length; ) {
    const b = data[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (!length || !isUtf8(data.subarray(i, i + length))) return i;
    i += length;
  }
  return data.length;
}

/** The line an offset of the file falls on, counted on \n (or on \r in a file without \n); read again, on refusals only. */
async function lineAt(path: string, offset: number): Promise<number> {
  let lf = 0;
  let cr = 0;
  let seen = 0;
  for await (const chunk of createReadStream(path, { end: Math.max(offset - 1, 0), highWaterMark: 4 * 1024 * 1024 }) as AsyncIterable<Buffer>) {
    const part = chunk.subarray(0, Math.max(0, offset - seen));
    for (let p = part.indexOf(LF); p !== -1; p = part.indexOf(LF, p + 1)) lf++;
    for (let p = part.indexOf(CR); p !== -1; p = part.indexOf(CR, p + 1)) cr++;
    seen += chunk.length;
  }
  return (lf || cr) + 1;
}

/**
 * Whether data has a byte 0x80-0x9F. A plain loop: a callback a byte (`some`) ran at about
 * 150 MB/s, this at about 1 GB/s, and a file without such bytes (ISO-8859-15) is read to its end.
 */
function hasC1Byte(data: Uint8Array): boolean {
  for (let i = 0; i < data.length; i++) if ((data[i] & 0xe0) === 0x80) return true;
  return false;
}

/** Bytes at the end of data that start a UTF-8 sequence not yet complete. */
function incompleteTail(data: Buffer): number {
  for (let i = 1; i <= Math.min(3, data.length); i++) {
    const b = data[data.length - i];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > i ? i : 0;
  }
  return 0;
}

function notText(fileName: string, head: Buffer): ImportError {
  return new ImportError(
    fileName,
    `this is not a text file (${describeBinary(head)}).`,
    'Export the ledger as a text file: a FEC (.txt, tab or | separated) or an invoice list as CSV. Spreadsheets must be saved as CSV first.',
  );
}

function isBinarySignature(head: Buffer): boolean {
  return describeBinary(head) !== 'binary content';
}

function describeBinary(head: Buffer): string {
  const sig = head.subarray(0, 4).toString('latin1');
  if (sig.startsWith('PK')) return 'a ZIP archive, such as an .xlsx workbook';
  if (sig.startsWith('%PDF')) return 'a PDF document';
  if (head[0] === 0xd0 && head[1] === 0xcf) return 'an old .xls workbook';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'a gzip archive';
  return 'binary content';
}

function decodeHead(head: Buffer, encoding: Encoding, hasBom: boolean): string {
  const decoder = encoding === 'windows-1252' || encoding === 'iso-8859-15' ? new TextDecoder('latin1') : new TextDecoder(encoding);
  const text = decoder.decode(head.subarray(hasBom ? (encoding === 'utf-8' ? 3 : 2) : 0));
  const end = text.search(/\r|\n/);
  return end === -1 ? text : text.slice(0, end);
}

function controlShare(text: string): number {
  if (!text.length) return 0;
  let n = 0;
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (c < 32 && c !== 9) n++;
  }
  return n / text.length;
}

/** 65536 → '64 KB', 1900000 → '1.8 MB'. */
function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}
