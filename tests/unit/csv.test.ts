// The shared CSV writer: RFC 4180 quoting, and typed rows for scripts whose CSV may be opened in
// a spreadsheet — text that would run as a formula gets a leading quote, numbers stay numbers.
import { describe, expect, it } from 'vitest';
import { neutralise, toCsv, toSafeCsv } from '../../src/lib/shared/csv.ts';

describe('csv', () => {
  it.each([
    ['=CMD|\' /C calc\'!A0', "'=CMD|' /C calc'!A0"],
    ['+33 6 12 34 56 78', "'+33 6 12 34 56 78"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['Dupont SA', 'Dupont SA'],
    ['', ''],
  ])('neutralise(%j) is %j', (text, safe) => {
    expect(neutralise(text)).toBe(safe);
  });

  it('quotes only the fields that need it', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], [1, null]])).toBe('a,b\r\n"x,y","say ""hi"""\r\n1,\r\n');
  });

  it('writes typed rows safely: text neutralised, numbers (negative ones too) as numbers', () => {
    expect(toSafeCsv(['client_name', 'total'], [['=HYPERLINK("x")', -150], ['-2', 3.5], ['Dupont', null]])).toBe(
      'client_name,total\r\n"\'=HYPERLINK(""x"")",-150\r\n\'-2,3.5\r\nDupont,\r\n',
    );
  });
});
