import { ValidationError } from '../../core/errors.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import type { Db } from '../../db/connect.ts';
import {
  citedPath,
  getPractice,
  getPracticeVersion,
  type PracticeDetail,
} from '../practices/index.ts';

/**
 * What a reference to one practice (or one published version of it) needs, whatever the format.
 * Dates are ISO 8601 strings; `authors` are organisations, cited as corporate names.
 */
export interface Citation {
  /** A citation key: letters, digits and hyphens only (`welcome-desk-v2`). */
  key: string;
  title: string;
  summary: string;
  authors: string[];
  /** When the cited state was published (the version's date, else the last update). */
  issued: string;
  /** When the reader looked it up. */
  accessed: string;
  url: string;
  siteName: string;
  /** The language of the cited title (BCP 47). */
  language: string;
  /** The version cited, or null for a practice published before versions were kept. */
  version: number | null;
}

/** Lead organisations are the authors; without one, every organisation named. */
export function citedAuthors(practice: Pick<PracticeDetail, 'organisations'>): string[] {
  const lead = practice.organisations.filter((o) => o.role === 'lead');
  const names = (lead.length > 0 ? lead : practice.organisations).map((o) => o.name);
  return [...new Set(names)];
}

/** A citation from the practice as the page shows it (the practice page or a version page). */
export function citationOf(
  practice: PracticeDetail,
  options: { publicUrl: string; siteName: string; accessed?: Date },
): Citation {
  const base = practice.slug.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'practice';
  return {
    key: practice.version > 0 ? `${base}-v${practice.version}` : base,
    title: practice.title,
    summary: practice.summary,
    authors: citedAuthors(practice),
    issued: practice.updatedAt,
    accessed: (options.accessed ?? new Date()).toISOString(),
    url: `${options.publicUrl}${citedPath(practice)}`,
    siteName: options.siteName,
    language: practice.displayLanguage,
    version: practice.version > 0 ? practice.version : null,
  };
}

export interface CitationRequest {
  slug: string;
  /** As given in the query: digits, or undefined for the practice as it is now. */
  version?: string;
  lang?: string;
  publicUrl: string;
  siteName: string;
  accessed?: Date;
}

/**
 * The citation of a practice, or of one of its versions (`version` as typed in the query).
 * A version that is not a number is refused naming the parameter; a missing one is not found.
 */
export async function getCitation(
  db: Db,
  locale: Locale,
  request: CitationRequest,
): Promise<Citation> {
  let practice: PracticeDetail;
  if (request.version === undefined) {
    practice = await getPractice(db, locale, request.slug, request.lang);
  } else {
    if (!/^[1-9]\d{0,8}$/.test(request.version))
      throw new ValidationError([
        { field: 'version', message: 'must be a version number such as 2' },
      ]);
    practice = (
      await getPracticeVersion(db, locale, request.slug, Number(request.version), request.lang)
    ).practice;
  }
  return citationOf(practice, request);
}

const BIBTEX_SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '%': '\\%',
  '&': '\\&',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/**
 * Text for a BibTeX field value: LaTeX's special characters escaped in one pass (so the
 * backslashes it adds are not escaped again), and runs of white space (line breaks) made one.
 *
 *   escapeBibTeX('50% & {more}') // '50\\% \\& \\{more\\}'
 */
export function escapeBibTeX(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\{}%&$#_~^]/g, (c) => BIBTEX_SPECIAL[c] as string);
}

/**
 * A URL for the verbatim `url` field and `\url{}`: braces, backslashes and spaces, which would
 * end the field or the command, are %-encoded (our URLs are built from ASCII slugs and digits).
 */
function bibUrl(url: string): string {
  return url.replace(/[{}\\\s]/g, (c) => encodeURIComponent(c));
}

/**
 * A BibTeX `@misc` entry, with each organisation braced as a corporate author.
 *
 *   @misc{welcome-desk-v2,
 *     title = {{Welcome desk}},
 *     author = {{City of Lisbon} and {Refugee Council}},
 *     …
 */
export function toBibTeX(c: Citation): string {
  const url = bibUrl(c.url);
  const fields: [string, string][] = [
    ['title', `{${escapeBibTeX(c.title)}}`],
    ...(c.authors.length > 0
      ? [['author', c.authors.map((a) => `{${escapeBibTeX(a)}}`).join(' and ')] as [string, string]]
      : []),
    ['year', c.issued.slice(0, 4)],
    ['date', c.issued.slice(0, 10)],
    ['howpublished', `\\url{${url}}`],
    ['url', url],
    ['urldate', c.accessed.slice(0, 10)],
    ['note', escapeBibTeX(c.siteName)],
    ...(c.version !== null ? [['version', String(c.version)] as [string, string]] : []),
  ];
  const body = fields.map(([name, value]) => `  ${name} = {${value}}`).join(',\n');
  return `@misc{${c.key},\n${body}\n}\n`;
}

/** One item of CSL-JSON, the input format of citeproc (Zotero, Pandoc, Mendeley). */
export interface CslItem {
  id: string;
  type: 'webpage';
  title: string;
  author?: { literal: string }[];
  issued: { 'date-parts': [number, number, number][] };
  accessed: { 'date-parts': [number, number, number][] };
  URL: string;
  'container-title': string;
  language: string;
  abstract?: string;
  version?: string;
}

function dateParts(iso: string): { 'date-parts': [number, number, number][] } {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return { 'date-parts': [[y ?? 0, m ?? 1, d ?? 1]] };
}

/** CSL-JSON: an array with one item. */
export function toCslJson(c: Citation): CslItem[] {
  return [
    {
      id: c.key,
      type: 'webpage',
      title: c.title,
      ...(c.authors.length > 0 ? { author: c.authors.map((literal) => ({ literal })) } : {}),
      issued: dateParts(c.issued),
      accessed: dateParts(c.accessed),
      URL: c.url,
      'container-title': c.siteName,
      language: c.language,
      ...(c.summary ? { abstract: c.summary } : {}),
      ...(c.version !== null ? { version: String(c.version) } : {}),
    },
  ];
}

/**
 * A file name for a download: the key, which holds only letters, digits and hyphens.
 *
 *   citationFilename(citation, 'bib') // 'welcome-desk-v2.bib'
 */
export function citationFilename(c: Citation, extension: 'bib' | 'json'): string {
  return `${c.key.replace(/[^A-Za-z0-9-]/g, '').slice(0, 100) || 'practice'}.${extension}`;
}
