import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula } from '../../core/csv.ts';
import type { Translate } from '../../core/i18n/i18n.ts';
import { type Locale, languageName } from '../../core/i18n/locales.ts';
import type { Cell, InsightsTable } from './insights.service.ts';

/** What a cell holds in a spreadsheet: figures as numbers, words in the reader's language. */
function cellValue(cell: Cell, locale: Locale, text: Translate, publicUrl: string) {
  if ('text' in cell) return cell.text;
  if ('number' in cell) return cell.number ?? '';
  if ('share' in cell) return Math.round(cell.share * 10_000) / 10_000;
  if ('key' in cell) return text(cell.key);
  if ('language' in cell) return languageName(cell.language, locale);
  if ('date' in cell) return cell.date;
  // A spreadsheet has no page to be relative to: the link is written whole.
  return new URL(cell.href, publicUrl).toString();
}

/**
 * A table as CSV for a spreadsheet: a byte-order mark (so Excel reads UTF-8), the column names
 * in the reader's language, and every text cell safe from formula injection, as the practice
 * exports write theirs (core/csv.ts).
 */
export function insightsCsv(
  table: InsightsTable,
  locale: Locale,
  text: Translate,
  publicUrl: string,
): string {
  const body = stringify(
    table.rows.map((row) => row.map((cell) => cellValue(cell, locale, text, publicUrl))),
    {
      header: true,
      columns: table.columns.map((key, i) => ({ key: String(i), header: text(key) })),
      quoted_match: /^\s|\s$/,
      cast: { string: (value) => neutraliseFormula(value) },
    },
  );
  return `\uFEFF${body}`;
}
