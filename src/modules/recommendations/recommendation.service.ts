import { type FieldProblem, NotFoundError, ValidationError } from '../../core/errors.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import type { Db } from '../../db/connect.ts';
import { getPlaceIndex } from '../places/index.ts';
import {
  type ConceptRef,
  EVIDENCE_LEVELS,
  loadCards,
  type PracticeCard,
} from '../practices/index.ts';
import { getTaxonomy } from '../taxonomy/index.ts';
import {
  AUDIENCES,
  type Audience,
  isAudience,
  THIN_EVIDENCE_BELOW,
} from './recommendation.model.ts';
import * as repo from './recommendation.repository.ts';
import type { RecommendationSources } from './recommendation.slots.ts';
import type { RecommendationRow } from './recommendation.table.ts';

/**
 * Policy recommendations as readers see them: the list and its filters, one recommendation with
 * the practices that support it and its source, the matrix of themes and audiences, and the
 * cards other modules show. Writing them is in recommendation-editing.service.ts.
 */

// ───────────────────────────── Reading ─────────────────────────────

export interface RecommendationCard {
  id: number;
  slug: string;
  title: string;
  /** The first paragraph of the text. */
  excerpt: string;
  language: string;
  /** The language the title is shown in (a translation or the original). */
  titleLanguage: string;
  /** The language the text is shown in; the original when it is not translated. */
  bodyLanguage: string;
  audiences: Audience[];
  themes: ConceptRef[];
  practiceCount: number;
  /** Demo content, marked as such wherever it is shown. */
  illustrative: boolean;
  updatedAt: string;
}

export interface RecommendationSource {
  kind: 'event' | 'resource';
  slug: string;
  title: string;
  /** Site path of the event or document. */
  path: string;
}

export interface EvidenceSummary {
  count: number;
  /** Strongest first; levels without practices left out. */
  byLevel: { level: string; count: number }[];
  /** The world regions (M49 level 1) the practices come from. */
  regions: { code: string; name: string }[];
  countries: { code: string; name: string }[];
}

export interface SupportingPractice extends PracticeCard {
  note: string;
  regions: { code: string; name: string }[];
}

export interface RecommendationDetail extends RecommendationCard {
  body: string;
  paragraphs: string[];
  availableLanguages: string[];
  source: RecommendationSource | null;
  practices: SupportingPractice[];
  summary: EvidenceSummary;
  createdAt: string;
}

function paragraphsOf(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

async function loadCardsOf(
  db: Db,
  locale: Locale,
  rows: RecommendationRow[],
): Promise<RecommendationCard[]> {
  const ids = rows.map((r) => r.id);
  const [translations, audiences, themes, links, taxonomy] = await Promise.all([
    repo.listTranslationsOf(db, ids, locale),
    repo.listAudiencesOf(db, ids),
    repo.listThemesOf(db, ids),
    repo.listPracticeLinksOf(db, ids),
    getTaxonomy(db, locale),
  ]);
  return rows.map((row) => {
    const translation =
      row.language === locale
        ? undefined
        : translations.find((t) => t.recommendation_id === row.id);
    const title = translation?.title || row.title;
    const body = translation?.body || row.body;
    const own = new Set(
      audiences.filter((a) => a.recommendation_id === row.id).map((a) => a.audience),
    );
    return {
      id: row.id,
      slug: row.slug,
      title,
      excerpt: paragraphsOf(body)[0] ?? '',
      language: row.language,
      titleLanguage: translation?.title ? locale : row.language,
      bodyLanguage: translation?.body ? locale : row.language,
      audiences: AUDIENCES.filter((a) => own.has(a)),
      themes: themes
        .filter((t) => t.recommendation_id === row.id)
        .map((t) => ({ id: t.theme_id, label: taxonomy.label('theme', t.theme_id) })),
      practiceCount: links.filter((l) => l.recommendation_id === row.id).length,
      illustrative: row.illustrative === 1,
      updatedAt: row.updated_at,
    };
  });
}

export interface RecommendationFilters {
  themes: string[];
  audiences: string[];
}

/** Refuses an unknown theme or audience, naming the parameter. */
export async function checkFilters(db: Db, filters: RecommendationFilters) {
  const taxonomy = await getTaxonomy(db, 'en');
  const problems: FieldProblem[] = [];
  for (const theme of filters.themes)
    if (!taxonomy.has('theme', theme))
      problems.push({ field: 'theme', message: `unknown value "${theme.slice(0, 80)}"` });
  for (const audience of filters.audiences)
    if (!isAudience(audience))
      problems.push({
        field: 'audience',
        message: `unknown value "${audience.slice(0, 80)}"; use ${AUDIENCES.join(', ')}`,
      });
  if (problems.length > 0) throw new ValidationError(problems, 'invalid_filter');
}

export interface RecommendationList {
  total: number;
  page: number;
  perPage: number;
  pageCount: number;
  items: RecommendationCard[];
}

export async function listRecommendations(
  db: Db,
  locale: Locale,
  input: RecommendationFilters & { page: number; perPage: number },
): Promise<RecommendationList> {
  await checkFilters(db, input);
  const { ids, total } = await repo.listRecommendationIds(db, {
    themes: input.themes,
    audiences: input.audiences,
    limit: input.perPage,
    offset: (input.page - 1) * input.perPage,
  });
  return {
    total,
    page: input.page,
    perPage: input.perPage,
    pageCount: Math.max(1, Math.ceil(total / input.perPage)),
    items: await loadCardsOf(db, locale, await repo.findRecommendationsByIds(db, ids)),
  };
}

/** The themes that recommendations are tagged with, for the filters of the index. */
export async function listRecommendationThemes(db: Db, locale: Locale): Promise<ConceptRef[]> {
  const ids = await repo.listAllRecommendationIds(db);
  const [themes, taxonomy] = await Promise.all([
    repo.listThemesOf(db, ids),
    getTaxonomy(db, locale),
  ]);
  const used = new Set(themes.map((t) => t.theme_id));
  return taxonomy
    .list('theme')
    .filter((c) => used.has(c.id))
    .map((c) => ({ id: c.id, label: c.label }));
}

async function findSource(
  db: Db,
  sources: RecommendationSources,
  row: RecommendationRow,
): Promise<RecommendationSource | null> {
  if (row.source_event_id !== null) {
    const event = (await sources.events(db)).find((e) => e.id === row.source_event_id);
    if (event)
      return { kind: 'event', slug: event.slug, title: event.title, path: `/events/${event.slug}` };
  }
  if (row.source_resource_id !== null) {
    const resource = (await sources.resources(db)).find((r) => r.id === row.source_resource_id);
    if (resource)
      return {
        kind: 'resource',
        slug: resource.slug,
        title: resource.title,
        path: `/resources/${resource.slug}`,
      };
  }
  return null;
}

const LEVEL_RANK = new Map<string, number>(EVIDENCE_LEVELS.map((level, i) => [level, i]));

function strongestFirst(a: string, b: string): number {
  return (
    (LEVEL_RANK.get(a) ?? EVIDENCE_LEVELS.length) - (LEVEL_RANK.get(b) ?? EVIDENCE_LEVELS.length)
  );
}

async function supportingPractices(
  db: Db,
  locale: Locale,
  links: { practice_id: number; note: string }[],
): Promise<{ practices: SupportingPractice[]; summary: EvidenceSummary }> {
  const [cards, places] = await Promise.all([
    loadCards(
      db,
      locale,
      links.map((l) => l.practice_id),
    ),
    getPlaceIndex(db, locale),
  ]);
  const notes = new Map(links.map((l) => [l.practice_id, l.note]));
  const practices = cards.map((card) => ({
    ...card,
    note: notes.get(card.id) ?? '',
    regions: places.regionsOfCountry(card.countryCode).map((r) => ({ code: r.code, name: r.name })),
  }));
  const levels = new Map<string, number>();
  const regions = new Map<string, { code: string; name: string }>();
  const countries = new Map<string, { code: string; name: string }>();
  for (const p of practices) {
    levels.set(p.evidenceLevel, (levels.get(p.evidenceLevel) ?? 0) + 1);
    const broadest = places.regionsOfCountry(p.countryCode).find((r) => r.level === 1);
    if (broadest) regions.set(broadest.code, { code: broadest.code, name: broadest.name });
    countries.set(p.countryCode, { code: p.countryCode, name: p.countryName });
  }
  return {
    practices,
    summary: {
      count: practices.length,
      byLevel: [...levels]
        .map(([level, count]) => ({ level, count }))
        .sort((a, b) => strongestFirst(a.level, b.level)),
      regions: [...regions.values()].sort((a, b) => a.name.localeCompare(b.name, locale)),
      countries: [...countries.values()].sort((a, b) => a.name.localeCompare(b.name, locale)),
    },
  };
}

export async function findBySlug(db: Db, slug: string): Promise<RecommendationRow> {
  const row = await repo.findRecommendationBySlug(db, slug);
  if (!row)
    throw new NotFoundError(
      'recommendation_not_found',
      `No recommendation is found at "${slug.slice(0, 100)}".`,
    );
  return row;
}

/** The id of the recommendation at this slug (for what is attached to it, such as comments). */
export async function findRecommendationId(db: Db, slug: string): Promise<number> {
  return (await findBySlug(db, slug)).id;
}

/** One recommendation with its source and the practices that support it. */
export async function getRecommendation(
  db: Db,
  locale: Locale,
  slug: string,
  sources: RecommendationSources,
): Promise<RecommendationDetail> {
  const row = await findBySlug(db, slug);
  const [[card], translations, links, source] = await Promise.all([
    loadCardsOf(db, locale, [row]),
    repo.listTranslationsOf(db, [row.id]),
    repo.listPracticeLinksOf(db, [row.id]),
    findSource(db, sources, row),
  ]);
  const body =
    translations.find((t) => t.locale === locale && row.language !== locale)?.body || row.body;
  const evidence = await supportingPractices(db, locale, links);
  return {
    ...(card as RecommendationCard),
    body,
    paragraphs: paragraphsOf(body),
    availableLanguages: [
      row.language,
      ...translations.filter((t) => t.title || t.body).map((t) => t.locale),
    ],
    source,
    ...evidence,
    createdAt: row.created_at,
  };
}

export interface MatrixCell {
  themeId: string;
  count: number;
  /** The strongest evidence level among the practices counted, if any. */
  strongest: string | null;
  /** `gap`: a theme of the recommendation without any practice; `thin`: fewer than the bar. */
  state: 'empty' | 'gap' | 'thin' | 'ok';
}

export interface RecommendationMatrix {
  themes: ConceptRef[];
  rows: { slug: string; title: string; practiceCount: number; cells: MatrixCell[] }[];
  thinBelow: number;
}

/**
 * Recommendations against themes: how many of a recommendation's supporting practices work on
 * each theme, and how strong their evidence is. Columns are the themes of the recommendations
 * and of their practices, in taxonomy order.
 */
export async function getMatrix(db: Db, locale: Locale): Promise<RecommendationMatrix> {
  const ids = await repo.listAllRecommendationIds(db);
  const [rows, links, taxonomy] = await Promise.all([
    repo.findRecommendationsByIds(db, ids),
    repo.listPracticeLinksOf(db, ids),
    getTaxonomy(db, locale),
  ]);
  const cards = await loadCardsOf(db, locale, rows);
  const practiceIds = [...new Set(links.map((l) => l.practice_id))];
  const practices = new Map((await loadCards(db, locale, practiceIds)).map((p) => [p.id, p]));
  const used = new Set<string>();
  for (const card of cards) for (const t of card.themes) used.add(t.id);
  for (const p of practices.values()) for (const t of p.themes) used.add(t.id);
  const themes = taxonomy
    .list('theme')
    .filter((c) => used.has(c.id))
    .map((c) => ({ id: c.id, label: c.label }));
  return {
    themes,
    thinBelow: THIN_EVIDENCE_BELOW,
    rows: cards.map((card) => {
      const supporting = links
        .filter((l) => l.recommendation_id === card.id)
        .map((l) => practices.get(l.practice_id))
        .filter((p): p is PracticeCard => p !== undefined);
      const own = new Set(card.themes.map((t) => t.id));
      return {
        slug: card.slug,
        title: card.title,
        practiceCount: supporting.length,
        cells: themes.map((theme) => {
          const here = supporting.filter((p) => p.themes.some((t) => t.id === theme.id));
          const strongest = here.map((p) => p.evidenceLevel).sort(strongestFirst)[0] ?? null;
          const state: MatrixCell['state'] =
            here.length === 0
              ? own.has(theme.id)
                ? 'gap'
                : 'empty'
              : here.length < THIN_EVIDENCE_BELOW
                ? 'thin'
                : 'ok';
          return { themeId: theme.id, count: here.length, strongest, state };
        }),
      };
    }),
  };
}

/** The recommendations a practice supports, for its page. */
export async function listRecommendationsSupportedBy(
  db: Db,
  locale: Locale,
  practiceId: number,
): Promise<{ slug: string; title: string; titleLanguage: string; note: string }[]> {
  const links = await repo.listLinksOfPractice(db, practiceId);
  if (links.length === 0) return [];
  const rows = await repo.findRecommendationsByIds(
    db,
    links.map((l) => l.recommendation_id),
  );
  const cards = await loadCardsOf(db, locale, rows);
  const notes = new Map(links.map((l) => [l.recommendation_id, l.note]));
  return cards
    .map((c) => ({
      slug: c.slug,
      title: c.title,
      titleLanguage: c.titleLanguage,
      note: notes.get(c.id) ?? '',
    }))
    .sort((a, b) => a.title.localeCompare(b.title, locale));
}

/** Recommendations by id, as cards in the reader's language (for discussions and digests). */
export async function findRecommendationCards(
  db: Db,
  locale: Locale,
  ids: number[],
): Promise<RecommendationCard[]> {
  return loadCardsOf(db, locale, await repo.findRecommendationsByIds(db, [...new Set(ids)]));
}
