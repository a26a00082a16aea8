import { type Actor, can } from '../../core/authz.ts';
import { announceContentChanged, markContentChanged } from '../../core/content-version.ts';
import {
  ConflictError,
  type FieldProblem,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../core/errors.ts';
import { isLocale, LOCALES, type Locale } from '../../core/i18n/locales.ts';
import { toSlug, uniqueSlug } from '../../core/slug.ts';
import { nowIso } from '../../core/text.ts';
import { readList, readText } from '../../core/validation.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import { getPlaceIndex } from '../places/place.service.ts';
import {
  type ConceptRef,
  findPracticeByExternalId,
  findPracticeBySlug,
  loadCards,
  type PracticeCard,
} from '../practices/practice.service.ts';
import { EVIDENCE_LEVELS } from '../practices/practice.ts';
import { getTaxonomy } from '../taxonomy/taxonomy.service.ts';
import { findPracticesByWords } from './practice-finder.ts';
import * as repo from './recommendation.repository.ts';
import type { RecommendationSources } from './recommendation.slots.ts';
import type { RecommendationRow } from './recommendation.table.ts';
import {
  AUDIENCES,
  type Audience,
  BODY_MAX,
  isAudience,
  NOTE_MAX,
  RESERVED_SLUGS,
  THIN_EVIDENCE_BELOW,
  TITLE_MAX,
} from './recommendation.ts';

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

async function findBySlug(db: Db, slug: string): Promise<RecommendationRow> {
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

// ───────────────────────────── Editing ─────────────────────────────

export interface RecommendationInput {
  title?: unknown;
  text?: unknown;
  language?: unknown;
  audiences?: unknown;
  themes?: unknown;
  source_event?: unknown;
  source_resource?: unknown;
  /** title_fr, text_fr, …: the translations, one pair per locale. */
  [translation: string]: unknown;
}

/** What the edit form starts from: the stored values under the form's field names. */
export interface RecommendationFormValues {
  [field: string]: string | string[];
}

export interface Choices {
  events: { value: string; label: string }[];
  resources: { value: string; label: string }[];
}

/** The events and documents a recommendation may come from, for the form. */
export async function getSourceChoices(db: Db, sources: RecommendationSources): Promise<Choices> {
  const [events, resources] = await Promise.all([sources.events(db), sources.resources(db)]);
  return {
    events: events.map((e) => ({ value: String(e.id), label: e.title })),
    resources: resources.map((r) => ({ value: String(r.id), label: r.title })),
  };
}

const listOf = (value: unknown): string[] => [...new Set(readList(value))];

async function checkInput(db: Db, input: RecommendationInput, sources: RecommendationSources) {
  const problems: FieldProblem[] = [];
  const textOf = (name: string, value: unknown, max: number, required: boolean): string =>
    readText(problems, name, value, { max, required }) ?? '';
  const title = textOf('title', input.title, TITLE_MAX, true);
  const body = textOf('text', input.text, BODY_MAX, true);
  const language = typeof input.language === 'string' ? input.language : '';
  if (!isLocale(language))
    problems.push({
      field: 'language',
      message: 'is not one of the choices',
      key: 'form.error.choice',
    });

  const audiences = listOf(input.audiences);
  if (audiences.length === 0)
    problems.push({
      field: 'audiences',
      message: 'choose at least one',
      key: 'form.error.required',
    });
  else if (!audiences.every(isAudience))
    problems.push({
      field: 'audiences',
      message: `must be among ${AUDIENCES.join(', ')}`,
      key: 'form.error.choice',
    });

  const taxonomy = await getTaxonomy(db, 'en');
  const themes = listOf(input.themes);
  if (themes.length === 0)
    problems.push({ field: 'themes', message: 'choose at least one', key: 'form.error.required' });
  else if (themes.some((t) => !taxonomy.has('theme', t)))
    problems.push({
      field: 'themes',
      message: 'is not one of the choices',
      key: 'form.error.choice',
    });

  const choices = await getSourceChoices(db, sources);
  const source = (name: string, value: unknown, known: { value: string }[]) => {
    const s = typeof value === 'string' ? value.trim() : '';
    if (s === '') return null;
    if (!known.some((k) => k.value === s)) {
      problems.push({
        field: name,
        message: `is not ${name === 'source_event' ? 'an event' : 'a document'} of the clearinghouse`,
        key: 'form.error.choice',
      });
      return null;
    }
    return Number(s);
  };
  const sourceEventId = source('source_event', input.source_event, choices.events);
  const sourceResourceId = source('source_resource', input.source_resource, choices.resources);

  const translations = LOCALES.filter((l) => l !== language).flatMap((locale) => {
    const t = textOf(`title_${locale}`, input[`title_${locale}`], TITLE_MAX, false);
    const b = textOf(`text_${locale}`, input[`text_${locale}`], BODY_MAX, false);
    return t || b ? [{ locale, title: t || null, body: b || null }] : [];
  });
  if (problems.length > 0) throw new ValidationError(problems);
  return {
    values: {
      title,
      body,
      language,
      source_event_id: sourceEventId,
      source_resource_id: sourceResourceId,
    },
    audiences: AUDIENCES.filter((a) => audiences.includes(a)),
    themes,
    translations,
  };
}

function refuseUnlessEditor(actor: Actor) {
  if (!can(actor, 'recommendations.manage'))
    throw new ForbiddenError('forbidden', 'Only editors write recommendations.');
}

export async function createRecommendation(
  db: Db,
  actor: Actor,
  input: RecommendationInput,
  sources: RecommendationSources,
): Promise<{ slug: string }> {
  refuseUnlessEditor(actor);
  const checked = await checkInput(db, input, sources);
  const now = nowIso();
  const created = await write(
    db,
    actor,
    async ({ trx }) => {
      const slug = await uniqueSlug(
        toSlug(checked.values.title, 'recommendation'),
        async (s) => RESERVED_SLUGS.includes(s) || (await repo.recommendationSlugExists(trx, s)),
      );
      const id = await repo.insertRecommendation(trx, {
        ...checked.values,
        slug,
        created_by: actor.kind === 'user' ? actor.id : null,
        created_at: now,
        updated_at: now,
      });
      await repo.replaceAudiences(trx, id, checked.audiences);
      await repo.replaceThemes(trx, id, checked.themes);
      await repo.replaceTranslations(trx, id, checked.translations);
      return { id, slug };
    },
    {
      audit: ({ id }) => ({
        action: 'recommendation.created',
        subject: { type: 'recommendation', id },
      }),
      contentChanged: true,
    },
  );
  return { slug: created.slug };
}

export async function updateRecommendation(
  db: Db,
  actor: Actor,
  slug: string,
  input: RecommendationInput,
  sources: RecommendationSources,
): Promise<{ slug: string }> {
  refuseUnlessEditor(actor);
  const row = await findBySlug(db, slug);
  const checked = await checkInput(db, input, sources);
  await write(
    db,
    actor,
    async ({ trx }) => {
      await repo.updateRecommendation(trx, row.id, { ...checked.values, updated_at: nowIso() });
      await repo.replaceAudiences(trx, row.id, checked.audiences);
      await repo.replaceThemes(trx, row.id, checked.themes);
      await repo.replaceTranslations(trx, row.id, checked.translations);
    },
    {
      audit: { action: 'recommendation.updated', subject: { type: 'recommendation', id: row.id } },
      contentChanged: true,
    },
  );
  // The slug stays: links to the recommendation keep working after its title is edited.
  return { slug: row.slug };
}

/** The edit form of a recommendation, with its evidence, for editors. */
export async function getRecommendationForEditor(
  db: Db,
  actor: Actor,
  locale: Locale,
  slug: string,
  sources: RecommendationSources,
): Promise<{ values: RecommendationFormValues; detail: RecommendationDetail }> {
  refuseUnlessEditor(actor);
  const row = await findBySlug(db, slug);
  const [detail, translations, audiences, themes] = await Promise.all([
    getRecommendation(db, locale, slug, sources),
    repo.listTranslationsOf(db, [row.id]),
    repo.listAudiencesOf(db, [row.id]),
    repo.listThemesOf(db, [row.id]),
  ]);
  const values: RecommendationFormValues = {
    title: row.title,
    text: row.body,
    language: row.language,
    audiences: audiences.map((a) => a.audience),
    themes: themes.map((t) => t.theme_id),
    source_event: row.source_event_id === null ? '' : String(row.source_event_id),
    source_resource: row.source_resource_id === null ? '' : String(row.source_resource_id),
  };
  for (const t of translations) {
    values[`title_${t.locale}`] = t.title ?? '';
    values[`text_${t.locale}`] = t.body ?? '';
  }
  return { values, detail };
}

/** A practice's slug from what an editor pasted: the slug itself or the address of its page. */
function practiceSlugOf(value: string): string {
  const match = /\/practices\/([^/?#]+)/.exec(value);
  return decodeURIComponent(match ? (match[1] as string) : value).trim();
}

/** Links a published, current practice as evidence for the recommendation. */
export async function linkPractice(
  db: Db,
  actor: Actor,
  slug: string,
  input: { practice?: unknown; note?: unknown },
): Promise<void> {
  refuseUnlessEditor(actor);
  const row = await findBySlug(db, slug);
  const given = typeof input.practice === 'string' ? input.practice.trim() : '';
  const problems: FieldProblem[] = [];
  const note = readText(problems, 'note', input.note, { max: NOTE_MAX }) ?? '';
  if (given === '') {
    problems.push({ field: 'practice', message: 'is required', key: 'form.error.required' });
    throw new ValidationError(problems);
  }
  let practiceSlug: string;
  try {
    practiceSlug = practiceSlugOf(given);
  } catch {
    practiceSlug = given;
  }
  const practice = await findPracticeBySlug(db, practiceSlug.slice(0, 200));
  if (!practice)
    problems.push({
      field: 'practice',
      message: 'is not a published practice of the clearinghouse',
      key: 'recommendation.error.unknownPractice',
    });
  else if (practice.archived_at !== null)
    problems.push({
      field: 'practice',
      message: 'is archived; only current practices can support a recommendation',
      key: 'recommendation.error.archivedPractice',
    });
  else if (await repo.findPracticeLink(db, row.id, practice.id))
    problems.push({
      field: 'practice',
      message: 'already supports this recommendation',
      key: 'recommendation.error.alreadyLinked',
    });
  if (problems.length > 0 || !practice) throw new ValidationError(problems);
  await write(
    db,
    actor,
    async ({ trx }) => {
      await repo.insertPracticeLink(trx, row.id, practice.id, note);
      await repo.updateRecommendation(trx, row.id, { updated_at: nowIso() });
    },
    {
      audit: {
        action: 'recommendation.practice_linked',
        subject: { type: 'recommendation', id: row.id },
        details: { practice_id: practice.id },
      },
      contentChanged: true,
    },
  );
}

export async function unlinkPractice(
  db: Db,
  actor: Actor,
  slug: string,
  practiceSlug: string,
): Promise<void> {
  refuseUnlessEditor(actor);
  const row = await findBySlug(db, slug);
  const practice = await findPracticeBySlug(db, practiceSlug);
  if (!practice || !(await repo.findPracticeLink(db, row.id, practice.id)))
    throw new NotFoundError(
      'recommendation_practice_not_found',
      `No practice "${practiceSlug.slice(0, 100)}" supports this recommendation.`,
    );
  await write(
    db,
    actor,
    async ({ trx }) => {
      if ((await repo.deletePracticeLink(trx, row.id, practice.id)) === 0)
        throw new ConflictError('recommendation_practice_gone', 'The link was removed meanwhile.');
      await repo.updateRecommendation(trx, row.id, { updated_at: nowIso() });
    },
    {
      audit: {
        action: 'recommendation.practice_unlinked',
        subject: { type: 'recommendation', id: row.id },
        details: { practice_id: practice.id },
      },
      contentChanged: true,
    },
  );
}

/** Practices an editor may link, found by words; archived ones are not found. */
export async function findLinkablePractices(
  db: Db,
  actor: Actor,
  locale: Locale,
  words: string,
): Promise<PracticeCard[]> {
  refuseUnlessEditor(actor);
  const q = words.trim().slice(0, 200);
  if (q === '') return [];
  return findPracticesByWords(db, locale, q, 10);
}

/** The recommendations, for the sitemap. */
export const listRecommendationSitemapEntries = repo.listRecommendationSitemapEntries;

/** Recommendations by id, as cards in the reader's language (for discussions and digests). */
export async function findRecommendationCards(
  db: Db,
  locale: Locale,
  ids: number[],
): Promise<RecommendationCard[]> {
  return loadCardsOf(db, locale, await repo.findRecommendationsByIds(db, [...new Set(ids)]));
}

/** A recommendation of the demo content (content/demo-recommendations.json). */
export interface DemoRecommendation {
  title: string;
  text: string;
  language: string;
  audiences: string[];
  themes: string[];
  /** [external id of a demo practice, how it supports the recommendation] */
  practices: [string, string][];
}

/**
 * Loads the demo recommendations, marked illustrative, each linked to the demo practices it names
 * (a practice that is not there is left out). A recommendation already there is left as it is.
 */
// The demo recommendations name no event or document they come from.
const NO_SOURCES: RecommendationSources = { events: async () => [], resources: async () => [] };

export async function loadDemoRecommendations(
  db: Db,
  records: DemoRecommendation[],
): Promise<number> {
  let created = 0;
  for (const record of records) {
    const checked = await checkInput(
      db,
      {
        title: record.title,
        text: record.text,
        language: record.language,
        audiences: record.audiences,
        themes: record.themes,
      },
      NO_SOURCES,
    );
    const slug = toSlug(checked.values.title, 'recommendation');
    if (await repo.recommendationSlugExists(db, slug)) continue;
    const practices: { id: number; note: string }[] = [];
    for (const [externalId, note] of record.practices) {
      const practice = await findPracticeByExternalId(db, externalId);
      if (practice && practice.archived_at === null) practices.push({ id: practice.id, note });
    }
    const now = nowIso();
    await db.transaction().execute(async (trx) => {
      const id = await repo.insertRecommendation(trx, {
        ...checked.values,
        slug,
        illustrative: 1,
        created_by: null,
        created_at: now,
        updated_at: now,
      });
      await repo.replaceAudiences(trx, id, checked.audiences);
      await repo.replaceThemes(trx, id, checked.themes);
      for (const practice of practices)
        await repo.insertPracticeLink(trx, id, practice.id, practice.note);
      await markContentChanged(trx);
    });
    created++;
  }
  announceContentChanged();
  return created;
}
