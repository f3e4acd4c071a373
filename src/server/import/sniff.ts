// One streaming pass over the received bytes: content hash, size, encoding and the first line.
// The hash recognises a byte-identical file; the encoding decides whether DuckDB can read the
// file as it is (UTF-8) or whether it must be transcoded first (see transcode.ts).
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
  /** Lines end with \r\r\n (some Windows exports): DuckDB's strict reader needs \r\n. */
  doubledCarriageReturn: boolean;
}

const HEAD_BYTES = 64 * 1024;

export async function sniffFile(path: string, fileName: string, onProgress?: (fraction: number) => void, totalBytes?: number): Promise<Sniffed> {
  const hash = createHash('sha256');
  let bytes = 0;
  let head = Buffer.alloc(0);
  let utf8 = true;
  let carry = Buffer.alloc(0); // an incomplete UTF-8 sequence cut by the chunk boundary
  let hasC1 = false; // bytes 0x80-0x9F: printable in Windows-1252, control codes in ISO-8859-15
  let hasNul = false;

  for await (const chunk of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
    if (!hasNul && chunk.includes(0)) hasNul = true;
    if (utf8) {
      const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const cut = incompleteTail(data);
      const body = data.subarray(0, data.length - cut);
      if (!isUtf8(body)) utf8 = false;
      carry = Buffer.from(data.subarray(data.length - cut));
    }
    if (!utf8 && !hasC1) hasC1 = chunk.some((b) => b >= 0x80 && b <= 0x9f);
    bytes += chunk.length;
    if (onProgress && totalBytes) onProgress(bytes / totalBytes);
  }
  if (carry.length) utf8 = false;

  if (bytes === 0) throw new ImportError(fileName, 'the file is empty (0 bytes).', 'Export the ledger again: the file received has no content.');

  let encoding: Encoding;
  let hasBom = false;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    encoding = 'utf-8';
    hasBom = true;
  } else if (head[0] === 0xff && head[1] === 0xfe) {
    encoding = 'utf-16le';
    hasBom = true;
  } else if (head[0] === 0xfe && head[1] === 0xff) {
    encoding = 'utf-16be';
    hasBom = true;
  } else if (isBinarySignature(head) || hasNul) {
    throw new ImportError(
      fileName,
      `this is not a text file (${describeBinary(head)}).`,
      'Export the ledger as a text file: a FEC (.txt, tab or | separated) or an invoice list as CSV. Spreadsheets must be saved as CSV first.',
    );
  } else if (utf8) {
    encoding = 'utf-8';
  } else if (hasC1) {
    encoding = 'windows-1252';
  } else {
    // Without bytes 0x80-0x9F the two single-byte encodings only differ on 8 rare letters and
    // the euro sign (0xA4 is € in ISO-8859-15, ¤ in Windows-1252): ISO-8859-15 is the safer read.
    encoding = 'iso-8859-15';
  }
  const headerLine = decodeHead(head, encoding, hasBom);
  if (encoding !== 'utf-8' && !encoding.startsWith('utf-16') && controlShare(headerLine) > 0.05) {
    throw new ImportError(fileName, 'the text encoding could not be recognised (the first line is unreadable in UTF-8, Windows-1252 and ISO-8859-15).', 'Export the file again in UTF-8 (or Windows-1252), which every accounting package offers.');
  }
  const doubledCarriageReturn = head.includes(encoding === 'utf-16le' ? Buffer.from('\r\0\r\0\n\0') : encoding === 'utf-16be' ? Buffer.from('\0\r\0\r\0\n') : Buffer.from('\r\r\n'));
  return { hash: hash.digest('hex'), bytes, encoding, hasBom, headerLine, doubledCarriageReturn };
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
