import { ANONYMOUS } from '../../core/actor.ts';
import { contentWritten } from '../../core/content-writes.ts';
import { type FieldProblem, NotFoundError, ValidationError } from '../../core/errors.ts';
import { type MessageKey, translator } from '../../core/i18n/i18n.ts';
import { type Locale, languageName } from '../../core/i18n/locales.ts';
import { nowIso } from '../../core/text.ts';
import { languageTag } from '../../core/validation.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import type { FileRow } from '../files/index.ts';
import { findFile } from '../files/index.ts';
import { getTaxonomy } from '../taxonomy/index.ts';
import {
  type NamedConcept,
  RESOURCE_FACETS,
  type ResourceFacet,
  type SnippetPart,
  searchResources,
} from './library-search.ts';
import { isResourceType, RESOURCE_TYPES, type ResourceType } from './resource.model.ts';
import * as repo from './resource.repository.ts';
import type { ResourceRow } from './resource.table.ts';

/**
 * The resource library: guidelines, toolkits, policy papers, studies, datasets and links to
 * organisations, curated by the editors, searched with the practices' search (see library-search.ts).
 * This file reads and searches, and loads the founding entries; editors' changes are in
 * resource-editing.service.ts.
 */

export interface ConceptRef {
  id: string;
  label: string;
}

export interface ResourceCard {
  id: number;
  slug: string;
  type: ResourceType;
  /** In the reader's language when translated, else the original's. */
  title: string;
  abstract: string;
  /** The language of title and abstract as shown. */
  displayLanguage: string;
  /** The language of the original (BCP-47). */
  language: string;
  /** When the translation shown was made (YYYY-MM-DD); null for the original or when unknown. */
  translatedOn: string | null;
  authors: string;
  year: number | null;
  linkUrl: string | null;
  hasFile: boolean;
  themes: ConceptRef[];
  updatedAt: string;
}

export interface ResourceDetail extends ResourceCard {
  file: { name: string; mediaType: string; size: number } | null;
  /** The original's language and the translations' locales. */
  availableLanguages: string[];
  createdAt: string;
}

// ───────────────────────────── Reading ─────────────────────────────

async function cardsOf(db: Db, locale: Locale, rows: ResourceRow[]): Promise<ResourceCard[]> {
  const ids = rows.map((r) => r.id);
  const [themes, translations, taxonomy] = await Promise.all([
    repo.listThemesOf(db, ids),
    repo.listTranslationsOf(db, ids),
    getTaxonomy(db, locale),
  ]);
  return rows.map((row) => {
    const translation =
      row.language === locale
        ? undefined
        : translations.find((t) => t.resource_id === row.id && t.locale === locale);
    return {
      id: row.id,
      slug: row.slug,
      type: (isResourceType(row.type) ? row.type : 'guideline') as ResourceType,
      title: translation?.title ?? row.title,
      abstract: translation?.abstract ?? row.abstract,
      displayLanguage: translation ? locale : row.language,
      language: row.language,
      translatedOn: translation?.translated_on ?? null,
      authors: row.authors,
      year: row.year,
      linkUrl: row.link_url,
      hasFile: row.file_id !== null,
      themes: themes
        .filter((t) => t.resource_id === row.id)
        .map((t) => ({ id: t.theme_id, label: taxonomy.label('theme', t.theme_id) })),
      updatedAt: row.updated_at,
    };
  });
}

export async function findBySlug(db: Db, slug: string): Promise<ResourceRow> {
  const row = await repo.findResourceBySlug(db, slug);
  if (!row)
    throw new NotFoundError(
      'resource_not_found',
      `No resource has the slug "${slug.slice(0, 200)}".`,
    );
  return row;
}

export async function getResource(db: Db, locale: Locale, slug: string): Promise<ResourceDetail> {
  const row = await findBySlug(db, slug);
  const [[card], translations, file] = await Promise.all([
    cardsOf(db, locale, [row]),
    repo.listTranslationsOf(db, [row.id]),
    row.file_id === null ? Promise.resolve(undefined) : findFile(db, row.file_id),
  ]);
  return {
    ...(card as ResourceCard),
    file: file ? { name: file.original_name, mediaType: file.media_type, size: file.size } : null,
    availableLanguages: [row.language, ...translations.map((t) => t.locale)],
    createdAt: row.created_at,
  };
}

/** The uploaded file of a resource, for download; 404 when it has none. */
export async function getResourceFile(db: Db, slug: string): Promise<FileRow> {
  const row = await findBySlug(db, slug);
  const file = row.file_id === null ? undefined : await findFile(db, row.file_id);
  if (!file) throw new NotFoundError('file_not_found', 'This resource has no file.');
  return file;
}

/**
 * Every resource, by title, for choosing one elsewhere (recommendations cite resources).
 *
 *   await listResourceChoices(db) // [{ id: 3, slug: 'housing-first-guide', title: 'Housing First guide', year: 2019 }]
 */
export async function listResourceChoices(
  db: Db,
): Promise<{ id: number; slug: string; title: string; year: number | null }[]> {
  return repo.listChoices(db);
}

// ───────────────────────────── For the search module ─────────────────────────────

export interface ResourceTexts {
  id: number;
  authors: string;
  versions: { locale: string; isOriginal: boolean; title: string; abstract: string }[];
}

/** The original and every translation of each resource, for indexing and snippets. */
export async function loadResourceTexts(db: Db, ids: number[]): Promise<ResourceTexts[]> {
  const [rows, translations] = await Promise.all([
    repo.listResourcesByIds(db, ids),
    repo.listTranslationsOf(db, ids),
  ]);
  return rows.map((row) => ({
    id: row.id,
    authors: row.authors,
    versions: [
      { locale: row.language, isOriginal: true, title: row.title, abstract: row.abstract },
      ...translations
        .filter((t) => t.resource_id === row.id)
        .map((t) => ({
          locale: t.locale,
          isOriginal: false,
          title: t.title,
          abstract: t.abstract,
        })),
    ],
  }));
}

/** What the library's facets are built from, one row per resource. */
export async function listResourceFacetRows(db: Db) {
  const [rows, themes] = await Promise.all([repo.listFacetRows(db), repo.listAllThemes(db)]);
  const byResource = new Map<number, string[]>();
  for (const t of themes)
    byResource.set(t.resource_id, [...(byResource.get(t.resource_id) ?? []), t.theme_id]);
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    language: r.language,
    year: r.year,
    updatedAt: r.updated_at,
    themes: byResource.get(r.id) ?? [],
  }));
}

// ───────────────────────────── Searching ─────────────────────────────

export type LibraryFilters = Record<ResourceFacet, string[]>;

export interface LibraryQuery {
  q: string;
  filters: LibraryFilters;
  yearFrom: number | null;
  yearTo: number | null;
  page: number;
  perPage: number;
}

export interface LibraryHit {
  card: ResourceCard;
  snippet: SnippetPart[];
}

export interface LibraryResult {
  q: string;
  total: number;
  page: number;
  perPage: number;
  pageCount: number;
  hits: LibraryHit[];
  facets: Record<ResourceFacet, FacetValue[]>;
  concepts: NamedConcept[];
  relaxed: boolean;
}

export interface FacetValue {
  id: string;
  label: string;
  count: number;
  selected: boolean;
}

/** Refuses unknown filter values and an inverted year range, naming the parameter. */
async function checkFilters(db: Db, query: LibraryQuery): Promise<LibraryFilters> {
  const taxonomy = await getTaxonomy(db, 'en');
  const problems: FieldProblem[] = [];
  const checks: Record<ResourceFacet, (v: string) => string | null> = {
    type: (v) => (isResourceType(v) ? v : null),
    theme: (v) => (taxonomy.has('theme', v) ? v : null),
    language: (v) => languageTag(v),
  };
  const checked = {} as LibraryFilters;
  for (const facet of RESOURCE_FACETS) {
    const values: string[] = [];
    for (const v of query.filters[facet] ?? []) {
      const value = checks[facet](v);
      if (value === null)
        problems.push({ field: facet, message: `unknown value "${v.slice(0, 80)}"` });
      else values.push(value);
    }
    checked[facet] = [...new Set(values)];
  }
  if (query.yearFrom !== null && query.yearTo !== null && query.yearTo < query.yearFrom)
    problems.push({ field: 'year_to', message: 'must not be before year_from' });
  if (problems.length > 0) throw new ValidationError(problems, 'invalid_filter');
  return checked;
}

/** Searches and filters the library; hits come with their cards in the reader's language. */
export async function searchLibrary(
  db: Db,
  locale: Locale,
  query: LibraryQuery,
): Promise<LibraryResult> {
  const filters = await checkFilters(db, query);
  const result = await searchResources(db, { ...query, filters, locale });
  const rows = await repo.listResourcesByIds(
    db,
    result.hits.map((h) => h.id),
  );
  const cards = new Map((await cardsOf(db, locale, rows)).map((c) => [c.id, c]));
  const taxonomy = await getTaxonomy(db, locale);
  const t = translator(locale);
  const label: Record<ResourceFacet, (id: string) => string> = {
    type: (id) => t(`library.type.${id}` as MessageKey),
    theme: (id) => taxonomy.label('theme', id),
    language: (id) => languageName(id, locale),
  };
  const order = taxonomy.list('theme').map((c) => c.id);
  const facets = {} as Record<ResourceFacet, FacetValue[]>;
  for (const facet of RESOURCE_FACETS) {
    const values = result.facets[facet].map((v) => ({ ...v, label: label[facet](v.id) }));
    facets[facet] =
      facet === 'type'
        ? values.sort(
            (a, b) =>
              RESOURCE_TYPES.indexOf(a.id as ResourceType) -
              RESOURCE_TYPES.indexOf(b.id as ResourceType),
          )
        : facet === 'theme'
          ? values.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id))
          : values.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, locale));
  }
  return {
    ...result,
    facets,
    hits: result.hits.flatMap((hit) => {
      const card = cards.get(hit.id);
      return card ? [{ card, snippet: hit.snippet }] : [];
    }),
  };
}

// ───────────────────────────── Founding content ─────────────────────────────

/**
 * The two organisations behind the 2009 roundtable that called for the clearinghouse (see the
 * press release of 26 September 2009), as the library's first entries.
 */
const FOUNDING_RESOURCES = [
  {
    slug: 'international-organization-for-migration',
    type: 'organisation',
    title: 'International Organization for Migration (IOM)',
    authors: 'International Organization for Migration',
    year: 1951,
    link_url: 'https://www.iom.int',
    abstract:
      'The leading inter-governmental organization in the field of migration, established in 1951. It provides services and advice to governments and migrants, promotes international cooperation on migration issues and assists migrants in need, including refugees and internally displaced people.',
    themes: ['access-to-services', 'legal-status-documentation'],
  },
  {
    slug: 'un-alliance-of-civilizations',
    type: 'organisation',
    title: 'United Nations Alliance of Civilizations (UNAOC)',
    authors: 'United Nations Alliance of Civilizations',
    year: 2005,
    link_url: 'https://www.unaoc.org',
    abstract:
      'Seeks to reduce tensions across cultural divides. With its network of government partners it promotes policies and initiatives that improve relations between diverse cultural groups, and at grassroots level projects in education, youth, media and migration.',
    themes: ['intercultural-dialogue', 'public-perceptions'],
  },
] as const;

/** Adds the founding entries of the library that are missing; returns their slugs. Idempotent. */
export async function loadFoundingResources(db: Db): Promise<string[]> {
  await write(
    db,
    ANONYMOUS,
    async ({ trx }) => {
      const taxonomy = await getTaxonomy(trx, 'en');
      const added: { id: number; slug: string }[] = [];
      for (const entry of FOUNDING_RESOURCES) {
        if (await repo.resourceSlugExists(trx, entry.slug)) continue;
        const now = nowIso();
        const { themes, ...values } = entry;
        const id = await repo.insertResource(trx, {
          ...values,
          language: 'en',
          file_id: null,
          created_by: null,
          created_at: now,
          updated_at: now,
        });
        await repo.replaceThemes(
          trx,
          id,
          themes.filter((t) => taxonomy.has('theme', t)),
        );
        await contentWritten(trx, 'resources', [id]);
        added.push({ id, slug: entry.slug });
      }
      return added;
    },
    {
      audit: (added) =>
        added.map(({ id, slug }) => ({
          action: 'resource.created',
          subject: { type: 'resource', id },
          details: { slug },
        })),
      contentChanged: (added) => added.length > 0,
    },
  );
  return FOUNDING_RESOURCES.map((r) => r.slug);
}
