import type { FieldProblem } from '../../core/errors.ts';

/**
 * The resource library: what a resource may be, and the checks of an editor's input.
 *
 *   checkResourceInput({ title: 'Housing guide', type: 'guideline', year: '2019', … }, themes)
 *   // { ok: true, value: { title: 'Housing guide', year: 2019, … } }
 */
export const RESOURCE_TYPES = [
  'guideline',
  'toolkit',
  'policy-paper',
  'study',
  'dataset',
  'organisation',
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export function isResourceType(value: unknown): value is ResourceType {
  return typeof value === 'string' && (RESOURCE_TYPES as readonly string[]).includes(value);
}

/** schema.org type of each kind of resource, for its page's JSON-LD. */
export const SCHEMA_TYPES: Record<ResourceType, 'CreativeWork' | 'Dataset' | 'Report'> = {
  guideline: 'CreativeWork',
  toolkit: 'CreativeWork',
  'policy-paper': 'Report',
  study: 'Report',
  dataset: 'Dataset',
  organisation: 'CreativeWork',
};

export const MIN_YEAR = 1900;
export const MAX_TITLE = 300;
export const MAX_AUTHORS = 500;
export const MAX_ABSTRACT = 3000;
export const MAX_URL = 2000;
/** A form has room for this many themes within the multipart field limit (app.ts). */
export const MAX_THEMES = 10;
export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;

/** The latest year a resource may carry: next year, for work published ahead of its date. */
export function latestYear(): number {
  return new Date().getUTCFullYear() + 1;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
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

/** What an editor sends (a form or JSON): anything, checked here. */
export interface ResourceInput {
  title?: unknown;
  type?: unknown;
  authors?: unknown;
  year?: unknown;
  language?: unknown;
  link_url?: unknown;
  abstract?: unknown;
  themes?: unknown;
}

export interface ResourceValues {
  title: string;
  type: ResourceType;
  authors: string;
  year: number | null;
  language: string;
  linkUrl: string | null;
  abstract: string;
  themes: string[];
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

function listOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string').map((v) => v.trim());
}

/** Text of a field: trimmed, line ends as \n; problems for required, too long, control characters. */
function text(
  problems: FieldProblem[],
  name: string,
  value: unknown,
  max: number,
  required: boolean,
): string {
  const s = typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : '';
  if (s === '') {
    if (required)
      problems.push({ field: name, message: 'is required', key: 'form.error.required' });
  } else if (s.length > max) {
    problems.push({
      field: name,
      message: `must be at most ${max} characters`,
      key: 'form.error.tooLong',
      values: { max },
    });
  } else if (CONTROL.test(s)) {
    problems.push({
      field: name,
      message: 'contains control characters',
      key: 'form.error.control',
    });
  }
  return s;
}

/** A web address people can open: http(s), with a host name that has a dot. */
export function isWebAddress(value: string): boolean {
  if (value.length > MAX_URL) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

/**
 * Checks an editor's input, reporting every problem at once. `hasFile`: a file is attached (or
 * being uploaded), so a link is not required. `isTheme` knows the taxonomy's themes.
 */
export function checkResourceInput(
  input: ResourceInput,
  options: { hasFile: boolean; isTheme: (id: string) => boolean },
): Checked<ResourceValues> {
  const problems: FieldProblem[] = [];
  const title = text(problems, 'title', input.title, MAX_TITLE, true);
  const typeText = typeof input.type === 'string' ? input.type.trim() : '';
  if (typeText === '')
    problems.push({ field: 'type', message: 'is required', key: 'form.error.required' });
  else if (!isResourceType(typeText))
    problems.push({
      field: 'type',
      message: `must be one of ${RESOURCE_TYPES.join(', ')}`,
      key: 'form.error.choice',
    });
  const authors = text(problems, 'authors', input.authors, MAX_AUTHORS, true);
  const abstract = text(problems, 'abstract', input.abstract, MAX_ABSTRACT, true);

  let year: number | null = null;
  const yearText =
    typeof input.year === 'number'
      ? String(input.year)
      : typeof input.year === 'string'
        ? input.year.trim()
        : '';
  if (yearText !== '') {
    const latest = latestYear();
    const value = /^\d{4}$/.test(yearText) ? Number(yearText) : Number.NaN;
    if (value >= MIN_YEAR && value <= latest) year = value;
    else
      problems.push({
        field: 'year',
        message: `must be a year from ${MIN_YEAR} to ${latest}`,
        key: 'form.error.year',
        values: { min: MIN_YEAR, max: latest },
      });
  }

  const languageText = typeof input.language === 'string' ? input.language.trim() : '';
  const language = languageText === '' ? null : languageTag(languageText);
  if (languageText === '')
    problems.push({ field: 'language', message: 'is required', key: 'form.error.required' });
  else if (language === null)
    problems.push({
      field: 'language',
      message: 'must be a known language as a BCP-47 tag, such as en or pt-BR',
      key: 'library.error.language',
    });

  const urlText = typeof input.link_url === 'string' ? input.link_url.trim() : '';
  if (urlText !== '' && !isWebAddress(urlText))
    problems.push({
      field: 'link_url',
      message: 'must be a web address starting with https://',
      key: 'form.error.url',
    });
  else if (urlText === '' && !options.hasFile)
    problems.push({
      field: 'link_url',
      message: 'give a link, a file, or both',
      key: 'library.error.linkOrFile',
    });

  const themes = [...new Set(listOf(input.themes).filter((t) => t !== ''))];
  if (themes.some((t) => !options.isTheme(t)))
    problems.push({
      field: 'themes',
      message: 'is not one of the choices',
      key: 'form.error.choice',
    });
  else if (themes.length > MAX_THEMES)
    problems.push({
      field: 'themes',
      message: `choose at most ${MAX_THEMES} themes`,
      key: 'library.error.themes',
      values: { max: MAX_THEMES },
    });

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      title,
      type: typeText as ResourceType,
      authors,
      year,
      language: language as string,
      linkUrl: urlText === '' ? null : urlText,
      abstract,
      themes,
    },
  };
}
