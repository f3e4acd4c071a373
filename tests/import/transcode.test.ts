// The copy of a ledger to clean UTF-8 (transcode.ts): the byte tables of Windows-1252 and
// ISO-8859-15 against iconv-lite's decoding, the line ends (\r\n, \r\r\n, \r alone) with chunks
// cut anywhere, random content against the iconv-lite path it replaced, and a Windows-1252 FEC
// imported end to end.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { cleanUtf8Converter, copyAsCleanUtf8, copyAsCleanUtf8Parts, originalLine } from '../../src/server/import/transcode.ts';
import type { Encoding } from '../../src/server/import/sniff.ts';
import { importFile } from '../../src/server/import/importer.ts';
import { openTestDb, type TestDb } from '../helpers.ts';

/** The new converter over chunks cut by the caller. */
function convert(encoding: Encoding, chunks: Uint8Array[]): Buffer {
  const c = cleanUtf8Converter(encoding);
  return Buffer.concat([...chunks.map((chunk) => c.write(chunk)), c.end()]);
}

/**
 * The path transcode.ts had before, kept as the reference: iconv-lite decodes to text, a regex
 * makes the line ends '\n', the text is encoded back to UTF-8; trailing '\r's wait for the next chunk.
 */
async function reference(encoding: Encoding, chunks: Uint8Array[]): Promise<Buffer> {
  let pending = '';
  const out: Buffer[] = [];
  await pipeline(
    Readable.from(chunks.map((c) => Buffer.from(c))),
    iconv.decodeStream(encoding, { stripBOM: true }),
    new Transform({
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
    }),
    async function* (source: AsyncIterable<Buffer>) {
      for await (const b of source) out.push(b);
    },
  );
  return Buffer.concat(out);
}

/** `data` cut at the given offsets (sorted, duplicates give empty chunks). */
function cut(data: Uint8Array, at: number[]): Uint8Array[] {
  const points = [...at].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const p of points) {
    chunks.push(data.subarray(from, p));
    from = p;
  }
  chunks.push(data.subarray(from));
  return chunks;
}

const bytes = (s: string) => Buffer.from(s, 'latin1');
const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, b) => b);
const SINGLE_BYTE: Encoding[] = ['windows-1252', 'iso-8859-15'];

describe('single-byte encodings: every byte as iconv-lite decodes it', () => {
  for (const encoding of SINGLE_BYTE) {
    it(`${encoding}: each of the 256 bytes alone, and all of them in one chunk`, async () => {
      for (let b = 0; b < 256; b++) {
        const expected = b === 0x0d ? '\n' : iconv.decode(Buffer.of(b), encoding); // a lone \r is a line end
        expect(convert(encoding, [Buffer.of(b)]).toString('utf8'), `byte ${b.toString(16)}`).toBe(expected);
      }
      const all = convert(encoding, [ALL_BYTES]);
      expect(all.equals(await reference(encoding, [ALL_BYTES]))).toBe(true);
      expect(all.toString('utf8')).toBe(iconv.decode(Buffer.from(ALL_BYTES), encoding).replace('\r', '\n'));
    });
  }

  it('windows-1252: € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ at 0x80-0x9F, the 5 undefined bytes as U+FFFD, latin-1 above', () => {
    const c1 = convert('windows-1252', [ALL_BYTES.subarray(0x80, 0xa0)]).toString('utf8');
    expect(c1).toBe('€\uFFFD‚ƒ„…†‡ˆ‰Š‹Œ\uFFFDŽ\uFFFD\uFFFD‘’“”•–—˜™š›œ\uFFFDžŸ');
    expect(convert('windows-1252', [ALL_BYTES.subarray(0xa0)]).toString('utf8')).toBe(String.fromCharCode(...Array.from({ length: 96 }, (_, i) => 0xa0 + i)));
    expect(convert('windows-1252', [bytes('Lef\xe8vre & C\x9cur \x96 1\xa0200,00 \x80, l\x92atelier \x85')]).toString('utf8')).toBe('Lefèvre & Cœur – 1\u00a0200,00 €, l’atelier …');
  });

  it('iso-8859-15: € Š š Ž ž Œ œ Ÿ where latin-1 has ¤ ¦ ¨ ´ ¸ ¼ ½ ¾, control codes at 0x80-0x9F', () => {
    const eight = [0xa4, 0xa6, 0xa8, 0xb4, 0xb8, 0xbc, 0xbd, 0xbe];
    expect(convert('iso-8859-15', [Uint8Array.from(eight)]).toString('utf8')).toBe('€ŠšŽžŒœŸ');
    expect(convert('iso-8859-15', [ALL_BYTES.subarray(0x80, 0xa0)]).toString('utf8')).toBe(String.fromCharCode(...Array.from({ length: 32 }, (_, i) => 0x80 + i)));
    expect(convert('iso-8859-15', [bytes('No\xebl \xe9t\xe9 \xa4 \xbcuvre')]).toString('utf8')).toBe('Noël été € Œuvre');
  });

  it('a UTF-8 BOM in a single-byte file is three characters, as iconv-lite reads it', async () => {
    const data = bytes('\xef\xbb\xbfJournalCode');
    expect(convert('windows-1252', [data]).toString('utf8')).toBe('ï»¿JournalCode');
    expect(convert('windows-1252', [data]).equals(await reference('windows-1252', [data]))).toBe(true);
  });
});

describe('line ends, with chunks cut by hand', () => {
  const cases: [string, string[], string][] = [
    ['\\r\\n', ['a\r\nb\r\n'], 'a\nb\n'],
    ['\\r\\r\\n', ['a\r\r\nb\r\r\n'], 'a\nb\n'],
    ['a longer run of \\r before \\n', ['a\r\r\r\nb'], 'a\nb'],
    ['\\r alone', ['a\rb\r'], 'a\nb\n'],
    ['\\r\\r alone: two line ends', ['a\r\rb'], 'a\n\nb'],
    ['\\n', ['a\nb\n'], 'a\nb\n'],
    ['mixed', ['a\r\nb\nc\rd\r\r\ne\n\rf\r'], 'a\nb\nc\nd\ne\n\nf\n'],
    ['empty lines', ['\r\n\r\n\n\r'], '\n\n\n\n'],
    ['\\r | \\n at a boundary', ['a\r', '\nb'], 'a\nb'],
    ['\\r | text at a boundary', ['a\r', 'b'], 'a\nb'],
    ['\\r\\r | \\n at a boundary', ['a\r\r', '\nb'], 'a\nb'],
    ['\\r | \\r\\n at a boundary', ['a\r', '\r\nb'], 'a\nb'],
    ['\\r\\r | text at a boundary', ['a\r\r', 'b'], 'a\n\nb'],
    ['\\r | \\r | \\n | text, one byte a chunk', ['a', '\r', '\r', '\n', 'b'], 'a\nb'],
    ['\\r | empty | \\n', ['a\r', '', '\nb'], 'a\nb'],
    ['\\r at the very end', ['a', '\r'], 'a\n'],
    ['\\r\\r at the very end, across chunks', ['a\r', '\r'], 'a\n\n'],
    ['a chunk of \\r only between two', ['a\r', '\r\r', '\r\nb'], 'a\nb'],
    ['a chunk of \\r only, then text', ['a\r', '\r\r', 'b'], 'a\n\n\nb'],
  ];
  for (const encoding of [...SINGLE_BYTE, 'utf-8'] as Encoding[]) {
    for (const [name, chunks, expected] of cases) {
      it(`${encoding}: ${name}`, async () => {
        const input = chunks.map(bytes);
        const out = convert(encoding, input);
        expect(out.toString('latin1')).toBe(expected);
        expect(out.equals(await reference(encoding, input))).toBe(true);
      });
    }
  }

  it('windows-1252: line ends around non-ASCII bytes, cut between them', () => {
    expect(convert('windows-1252', [bytes('\x80\r'), bytes('\r\n\x9c\r'), bytes('\xe9')]).toString('utf8')).toBe('€\nœ\né');
  });
});

describe('UTF-8: bytes kept, BOM dropped, line ends made \\n', () => {
  const utf8 = (s: string) => Buffer.from(s, 'utf8');
  const euro = utf8('\r\n€');
  const cases: [string, Buffer[], string][] = [
    ['a BOM in one chunk', [bytes('\xef\xbb\xbfa\r\nb')], 'a\nb'],
    ['a BOM cut in three', [bytes('\xef'), bytes('\xbb'), bytes('\xbfa\r\nb')], 'a\nb'],
    ['a BOM cut after two bytes, with empty chunks', [bytes(''), bytes('\xef\xbb'), bytes(''), bytes('\xbf'), bytes('a')], 'a'],
    ['a BOM alone', [bytes('\xef\xbb\xbf')], ''],
    ['only the first BOM', [bytes('\xef\xbb\xbf\xef\xbb\xbfa')], '\ufeffa'],
    ['bytes that start like a BOM but are not one', [bytes('\xef'), bytes('\xbc\xa1\r')], '\uff21\n'],
    ['text without \\r is passed through', [utf8('Épicerie Noël — 1 200,00 €\n')], 'Épicerie Noël — 1 200,00 €\n'],
    ['multi-byte characters beside line ends, cut inside them', [utf8('é\r'), euro.subarray(0, 3), euro.subarray(3)], 'é\n€'],
  ];
  for (const [name, input, expected] of cases) {
    it(name, async () => {
      const out = convert('utf-8', input);
      expect(out.toString('utf8')).toBe(expected);
      expect(out.equals(await reference('utf-8', input))).toBe(true);
    });
  }
});

describe('UTF-16 (still through iconv-lite)', () => {
  it('a character outside the BMP cut between its two halves, a \\r\\n cut between its bytes', () => {
    for (const encoding of ['utf-16le', 'utf-16be'] as Encoding[]) {
      const data = iconv.encode('\ufeffa😀\r\nb', encoding);
      for (let at = 0; at <= data.length; at++) expect(convert(encoding, cut(data, [at])).toString('utf8'), `${encoding} cut at ${at}`).toBe('a😀\nb');
    }
  });
});

describe('random content and random cuts give what the iconv-lite path gave', () => {
  // bytes with many \r and \n, so that their runs fall on the cuts
  const someBytes = fc.array(fc.oneof(fc.constantFrom(0x0d, 0x0a), fc.integer({ min: 0, max: 255 })), { maxLength: 300 }).map((a) => Uint8Array.from(a));
  const withCuts = (data: fc.Arbitrary<Uint8Array>) => data.chain((d) => fc.tuple(fc.constant(d), fc.array(fc.nat({ max: d.length }), { maxLength: 8 })));

  for (const encoding of SINGLE_BYTE) {
    it(encoding, async () => {
      await fc.assert(
        fc.asyncProperty(withCuts(someBytes), async ([data, at]) => {
          const out = convert(encoding, cut(data, at));
          expect(out.equals(await reference(encoding, [data]))).toBe(true);
          expect(out.equals(await reference(encoding, cut(data, at)))).toBe(true);
        }),
        { numRuns: 300 },
      );
    });
  }

  // text: any characters, \r and \n often, a BOM sometimes, encoded
  const someText = fc
    .tuple(fc.boolean(), fc.array(fc.oneof(fc.constantFrom('\r', '\n', '\r\n', '\r\r\n', 'é', '€', '\ufeff'), fc.string({ unit: 'binary', maxLength: 4 }), fc.string({ maxLength: 4 })), { maxLength: 60 }))
    .map(([bom, parts]) => (bom ? '\ufeff' : '') + parts.join(''));
  for (const encoding of ['utf-8', 'utf-16le', 'utf-16be'] as Encoding[]) {
    it(encoding, async () => {
      await fc.assert(
        fc.asyncProperty(withCuts(someText.map((s) => Uint8Array.from(iconv.encode(s, encoding)))), async ([data, at]) => {
          const out = convert(encoding, cut(data, at));
          expect(out.equals(await reference(encoding, [data]))).toBe(true);
        }),
        { numRuns: 200 },
      );
    });
  }
});

describe('copyAsCleanUtf8', () => {
  it('copies a file read in 4 MB chunks, with a \\r\\n and a \\r\\r cut by the chunks, and reports its progress', async () => {
    const MB4 = 4 * 1024 * 1024;
    const data = Buffer.alloc(2 * MB4 + 1000);
    const line = bytes('VE\tVentes\tLef\xe8vre & C\x9cur\t1 200,00 \x80\r\n');
    for (let o = 0; o < data.length; o += line.length) line.copy(data, o);
    data.write('\r\n', MB4 - 1, 'latin1'); // \r ends the first chunk, \n starts the second
    data.write('x\r\rx', 2 * MB4 - 2, 'latin1'); // two lone \r, one each side of the second cut
    const dir = mkdtempSync(join(tmpdir(), 'encours-transcode-'));
    const src = join(dir, 'in.txt');
    const dest = join(dir, 'out.txt');
    writeFileSync(src, data);
    const progress: number[] = [];
    await copyAsCleanUtf8(src, dest, 'windows-1252', (f) => progress.push(f), data.length);
    const out = readFileSync(dest);
    rmSync(dir, { recursive: true, force: true });
    expect(out.equals(await reference('windows-1252', [data]))).toBe(true);
    expect(out.includes(bytes('x\n\nx'))).toBe(true);
    expect(progress.length).toBe(3);
    expect(progress.at(-1)).toBe(1);
  });

  it('copies a single-byte file in two parts at once, cut after a line end, the second starting with the header', async () => {
    const header = bytes('JournalCode\tEcritureLib\r\n');
    const body = Array.from({ length: 2000 }, (_, i) => bytes(`VE\tC\x9cur \x80 ${i}${i % 7 === 0 ? '\r\r\n' : '\r\n'}`));
    const data = Buffer.concat([header, ...body]);
    const dir = mkdtempSync(join(tmpdir(), 'encours-transcode-'));
    try {
      const src = join(dir, 'in.txt');
      writeFileSync(src, data);
      const whole = await reference('windows-1252', [data]);
      const inParts = await copyAsCleanUtf8Parts(src, dir, 'windows-1252', { inParts: true, totalBytes: data.length, partsFrom: 0 });
      expect(inParts.paths.map((p) => p.slice(dir.length + 1))).toEqual(['utf8-0.txt', 'utf8-1.txt']);
      expect(inParts.glob).toBe(join(dir, 'utf8-*.txt'));
      const [first, second] = inParts.paths.map((p) => readFileSync(p));
      const headerUtf8 = Buffer.from('JournalCode\tEcritureLib\n');
      expect(second.subarray(0, headerUtf8.length).equals(headerUtf8)).toBe(true);
      // the first part ends a line near the middle; both, the second's header left out, are the whole copy
      expect(first.length).toBeGreaterThan(whole.length / 3);
      expect(first.at(-1)).toBe(0x0a);
      expect(Buffer.concat([first, second.subarray(headerUtf8.length)]).equals(whole)).toBe(true);
      // the 1st data line of the second part (its line 2) is the file's line after the first part's
      const linesInFirst = first.toString('utf8').split('\n').length - 1;
      expect(originalLine(inParts, inParts.paths[1], 2)).toBe(linesInFirst + 1);
      expect(originalLine(inParts, inParts.paths[0], 5)).toBe(5);
      // not in parts: an invoice list (its quoted fields may hold line ends), or a small file
      const dir2 = mkdtempSync(join(dir, 'one-'));
      expect((await copyAsCleanUtf8Parts(src, dir2, 'windows-1252', { inParts: false, totalBytes: data.length, partsFrom: 0 })).paths).toEqual([join(dir2, 'utf8-0.txt')]);
      expect(readFileSync(join(dir2, 'utf8-0.txt')).equals(whole)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('a Windows-1252 FEC imported end to end', () => {
    let t: TestDb;
    beforeEach(async () => {
      t = await openTestDb();
    });
    afterEach(() => t.cleanup());

    const HEADER = 'JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise';
    const CLIENTS = ['Société Générale d’Économie', 'Boulangerie Lefèvre & Cœur', 'Œnologie « Noël » Ÿvette', 'Château Žižek ‰ Šarl'];
    const LABELS = ['Facture n° FA-0001 — 1 200,00 €', 'Avoir ‘remise’ – 5 € … “geste”', 'Frais • ƒ ˆ ˜ ™ † ‡ „ ‚ ‹ ›', 'Acompte ç à ù ÿ û ï'];
    const fec = (lineEnd: string) =>
      [
        HEADER,
        ...CLIENTS.flatMap((client, i) => [
          `VE\tJournal des ventes\t${i + 1}\t2024030${i + 1}\t411000\tClients\tC00${i}\t${client}\tFA-000${i}\t2024030${i + 1}\t${LABELS[i]}\t0000001200,00\t0000000000,00\t\t\t2024030${i + 1}\t\t`,
          `VE\tJournal des ventes\t${i + 1}\t2024030${i + 1}\t706000\tPrestations\t\t\tFA-000${i}\t2024030${i + 1}\t${LABELS[i]}\t0,00\t1200,00\t\t\t2024030${i + 1}\t\t`,
        ]),
      ].join(lineEnd) + lineEnd;

    for (const [encoding, lineEnd] of [
      ['windows-1252', '\r\n'],
      ['windows-1252', '\r\r\n'],
    ] as const) {
      it(`${encoding}, lines ending ${JSON.stringify(lineEnd)}`, async () => {
        const path = join(t.dir, '552081317FEC20241231.txt');
        writeFileSync(path, iconv.encode(fec(lineEnd), encoding));
        const o = await importFile(t.db, path, { source: 'cli' });
        expect(o.status, o.error?.report).toBe('active');
        expect(o).toMatchObject({ line_count: 8, total_debit: 4800, total_credit: 4800 });
        const rows = await t.db.all<{ aux_lib: string; line_label: string }>(`SELECT aux_lib, line_label FROM ledger_lines WHERE account_num = '411000' ORDER BY line_no`);
        expect(rows).toEqual(CLIENTS.map((client, i) => ({ aux_lib: client, line_label: LABELS[i] })));
        const detail = await t.db.one<{ format_detail: string }>(`SELECT format_detail FROM imports WHERE import_id = $id`, { id: o.import_id });
        expect(JSON.parse(detail!.format_detail)).toMatchObject({ encoding });
      });
    }

    it('copied in two parts: the same lines in the same order, and a bad line named by its line in the file', async () => {
      const path = join(t.dir, '552081317FEC20241231.txt');
      const text = fec('\r\n');
      writeFileSync(path, iconv.encode(text, 'windows-1252'));
      const o = await importFile(t.db, path, { source: 'cli', copyInPartsFrom: 0 });
      expect(o.status, o.error?.report).toBe('active');
      const rows = await t.db.all<{ line_no: number; aux_lib: string | null; line_label: string }>(`SELECT line_no, aux_lib, line_label FROM ledger_lines ORDER BY line_no`);
      expect(rows.map((r) => r.line_no)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
      expect(rows.filter((_, i) => i % 2 === 0).map((r) => [r.aux_lib, r.line_label])).toEqual(CLIENTS.map((client, i) => [client, LABELS[i]]));
      // line 8 (in the second part) has a column too many
      const lines = text.split('\r\n');
      lines[7] += '\textra';
      const bad = join(t.dir, '552081317FEC20231231.txt');
      writeFileSync(bad, iconv.encode(lines.join('\r\n').replace(/2024/g, '2023'), 'windows-1252'));
      const refused = await importFile(t.db, bad, { source: 'cli', copyInPartsFrom: 0 });
      expect(refused.status).toBe('failed');
      expect(refused.error!.summary).toMatch(/^line 8 does not match the header/);
      expect(refused.error!.problems[0]).toMatchObject({ line: 8 });
    });

    it('iso-8859-15 (no byte 0x80-0x9F): € is 0xA4, Œ œ Š š Ž ž Ÿ read back', async () => {
      const path = join(t.dir, '552081317FEC20241231.txt');
      const text = fec('\r\n').replace(/[‘’“”…–—•ƒˆ˜™†‡„‚‹›‰]/g, '-');
      writeFileSync(path, iconv.encode(text, 'iso-8859-15'));
      const o = await importFile(t.db, path, { source: 'cli' });
      expect(o.status, o.error?.report).toBe('active');
      const rows = await t.db.all<{ aux_lib: string; line_label: string }>(`SELECT aux_lib, line_label FROM ledger_lines WHERE account_num = '411000' ORDER BY line_no`);
      expect(rows.map((r) => r.aux_lib)).toEqual(['Société Générale d-Économie', 'Boulangerie Lefèvre & Cœur', 'Œnologie « Noël » Ÿvette', 'Château Žižek - Šarl']);
      expect(rows[0].line_label).toBe('Facture n° FA-0001 - 1 200,00 €');
      const detail = await t.db.one<{ format_detail: string }>(`SELECT format_detail FROM imports WHERE import_id = $id`, { id: o.import_id });
      expect(JSON.parse(detail!.format_detail)).toMatchObject({ encoding: 'iso-8859-15' });
    });
  });
});
