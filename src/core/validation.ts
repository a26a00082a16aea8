import type { FieldProblem } from './errors.ts';
import { LOCALES } from './i18n/locales.ts';

/**
 * Readers of the fields that forms, the API and import files send. Each takes what arrived
 * (anything: a string, a number, an array, nothing), adds a problem with its UI catalogue key
 * when the value is unusable, and returns the clean value or null. Every module reads its
 * fields through these, so the same field is held to the same rule everywhere and every
 * message exists in every language.
 *
 *   const problems: FieldProblem[] = [];
 *   const title = readText(problems, 'title', body.title, { max: 300, required: true });
 *   const year = readYear(problems, 'year', body.year, { min: 1950, max: 2027 });
 *   if (problems.length > 0) throw new ValidationError(problems);
 */

export type Problems = FieldProblem[];

export function problem(
  field: string,
  message: string,
  key: string,
  values?: Record<string, string | number>,
): FieldProblem {
  return values ? { field, message, key, values } : { field, message, key };
}

// Tabs and line ends are text; the other control characters are invisible and break exports.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Line ends as \n and no surrounding white space: what is stored of any typed text. */
export function normaliseText(value: string): string {
  return value.replace(/\r\n?/g, '\n').trim();
}

/** One list from a form field sent once, several times or not at all; non-strings dropped. */
export function readList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export interface TextRule {
  max: number;
  required?: boolean;
  /** White space runs (line ends included) folded to one space: names, titles, headlines. */
  singleLine?: boolean;
}

/**
 * Text of a field, normalised; null when empty or refused. Numbers are not text: a form always
 * sends strings, and JSON that sends a number for a name has mistaken the field.
 */
export function readText(
  problems: Problems,
  field: string,
  value: unknown,
  rule: TextRule,
): string | null {
  if (value !== undefined && value !== null && typeof value !== 'string') {
    problems.push(problem(field, 'must be text', 'form.error.text'));
    return null;
  }
  let text = normaliseText(value ?? '');
  if (rule.singleLine) text = text.replace(/\s+/g, ' ');
  if (text === '') {
    if (rule.required) problems.push(problem(field, 'is required', 'form.error.required'));
    return null;
  }
  if (text.length > rule.max) {
    problems.push({
      field,
      message: `must be at most ${rule.max} characters`,
      key: 'form.error.tooLong',
      values: { max: rule.max },
    });
    return null;
  }
  if (CONTROL.test(text)) {
    problems.push(problem(field, 'contains control characters', 'form.error.control'));
    return null;
  }
  return text;
}

/**
 * An http or https address with a host; a javascript: or data: address in a link would run in
 * the reader's page. With `sitePath`, a path on this site (`/press/…`) is accepted as well.
 */
export function readWebAddress(
  problems: Problems,
  field: string,
  value: unknown,
  rule: { required?: boolean; sitePath?: boolean } = {},
): string | null {
  const text = readText(problems, field, value, { max: 2000, required: rule.required });
  if (text === null) return null;
  if (rule.sitePath && /^\/[^/\\]/.test(text)) return text;
  if (isWebAddress(text)) return text;
  problems.push(
    problem(field, 'must be a web address starting with http:// or https://', 'form.error.url'),
  );
  return null;
}

export function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const LANGUAGE_NAMES = new Intl.DisplayNames('en', { type: 'language', fallback: 'none' });

/**
 * A known language as a canonical BCP-47 tag, or null.
 *
 *   languageTag('pt-br')    // 'pt-BR'
 *   languageTag('english')  // null (not a tag)
 *   languageTag('qq')       // null (no such language)
 */
export function languageTag(value: string): string | null {
  let tag: string | undefined;
  try {
    [tag] = Intl.getCanonicalLocales(value.trim());
  } catch {
    return null;
  }
  if (!tag || !/^[a-z]{2,3}(-|$)/.test(tag)) return null;
  const primary = tag.split('-')[0] as string;
  return LANGUAGE_NAMES.of(primary) ? tag : null;
}

/**
 * A language named in words, in any of the site's languages or in its own ("Arabic", "árabe",
 * "العربية", "Deutsch"), as its tag; null when no language has that name.
 *
 *   languageFromName('Portugais')  // 'pt'
 *   languageFromName('Klingon')    // null
 */
export function languageFromName(value: string): string | null {
  namedLanguages ??= buildNamedLanguages();
  return namedLanguages.get(foldName(value)) ?? null;
}

/** A language by tag ("pt-BR") or by name ("Brazilian Portuguese", "portugués"); null when neither. */
export function languageTagOrName(value: string): string | null {
  return languageTag(value) ?? languageFromName(value);
}

let namedLanguages: Map<string, string> | undefined;

const foldName = (name: string) =>
  name.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim();

function buildNamedLanguages(): Map<string, string> {
  const names = new Map<string, string>();
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const codes: string[] = [];
  for (const a of letters) for (const b of letters) if (LANGUAGE_NAMES.of(a + b)) codes.push(a + b);
  const inLocales = LOCALES.map(
    (locale) => new Intl.DisplayNames(locale, { type: 'language', fallback: 'none' }),
  );
  for (const code of codes) {
    const own = new Intl.DisplayNames(code, { type: 'language', fallback: 'none' });
    for (const name of [...inLocales.map((d) => d.of(code)), own.of(code)])
      if (name && !names.has(foldName(name))) names.set(foldName(name), code);
  }
  return names;
}

export function readLanguageTag(
  problems: Problems,
  field: string,
  value: unknown,
  rule: { required?: boolean } = {},
): string | null {
  const text = readText(problems, field, value, { max: 35, required: rule.required });
  if (text === null) return null;
  const tag = languageTag(text);
  if (tag === null)
    problems.push(
      problem(field, 'is not a known language code', 'form.error.language', { value: text }),
    );
  return tag;
}

/** A four-digit year within the bounds; a form sends it as text, JSON may send a number. */
export function readYear(
  problems: Problems,
  field: string,
  value: unknown,
  rule: { min: number; max: number; required?: boolean },
): number | null {
  const text =
    typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (text === '') {
    if (rule.required) problems.push(problem(field, 'is required', 'form.error.required'));
    return null;
  }
  const year = /^\d{4}$/.test(text) ? Number(text) : Number.NaN;
  if (year >= rule.min && year <= rule.max) return year;
  problems.push({
    field,
    message: `must be a year from ${rule.min} to ${rule.max}`,
    key: 'form.error.year',
    values: { min: rule.min, max: rule.max },
  });
  return null;
}

/** A calendar date as YYYY-MM-DD that exists (no 31 April). */
export function readDate(
  problems: Problems,
  field: string,
  value: unknown,
  rule: { required?: boolean } = {},
): string | null {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') {
    if (rule.required) problems.push(problem(field, 'is required', 'form.error.required'));
    return null;
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match) {
    const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
    const date = new Date(Date.UTC(year, month - 1, day));
    if (
      date.getUTCFullYear() === year &&
      date.getUTCMonth() === month - 1 &&
      date.getUTCDate() === day
    )
      return text;
  }
  problems.push(problem(field, 'must be a date such as 2026-12-31', 'form.error.date'));
  return null;
}
