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
  // A spreadsheet has no page to be relative to: a link is written whole.
  if ('key' in cell)
    return cell.href === undefined ? text(cell.key) : new URL(cell.href, publicUrl).toString();
  if ('language' in cell) return languageName(cell.language, locale);
  return cell.date;
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
      columns: table.columns.map((column, i) => ({ key: String(i), header: text(column.key) })),
      quoted_match: /^\s|\s$/,
      cast: { string: (value) => neutraliseFormula(value) },
    },
  );
  return `\uFEFF${body}`;
}
