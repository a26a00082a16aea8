import { type Actor, ANONYMOUS } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
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
import { findPracticeRef, type PracticeCard } from '../practices/index.ts';
import { getTaxonomy } from '../taxonomy/index.ts';
import { findPracticesByWords } from './practice-finder.ts';
import {
  AUDIENCES,
  BODY_MAX,
  isAudience,
  NOTE_MAX,
  RESERVED_SLUGS,
  TITLE_MAX,
} from './recommendation.model.ts';
import * as repo from './recommendation.repository.ts';
import {
  findBySlug,
  getRecommendation,
  type RecommendationDetail,
} from './recommendation.service.ts';
import type { RecommendationSources } from './recommendation.slots.ts';

/**
 * Writing recommendations (editors): the form's rules, creation and edits, the practices linked
 * as evidence, and the demo recommendations loaded at setup. Reading them is in
 * recommendation.service.ts.
 */

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
  const practice = await findPracticeRef(db, { slug: practiceSlug.slice(0, 200) });
  if (!practice)
    problems.push({
      field: 'practice',
      message: 'is not a published practice of the clearinghouse',
      key: 'recommendation.error.unknownPractice',
    });
  else if (practice.archived)
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
  const practice = await findPracticeRef(db, { slug: practiceSlug });
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

/** A recommendation of the demo content (content/demo-recommendations.json). */
export interface DemoRecommendation {
  title: string;
  text: string;
  language: string;
  /**
   * False for a recommendation someone actually published, whose text ends by naming its source
   * document and year; absent or true for one written only to show how recommendations work.
   */
  illustrative?: boolean;
  /** Where a published recommendation comes from. */
  source?: { document: string; publisher: string; year: number; url: string };
  audiences: string[];
  themes: string[];
  /** [external id of a demo practice, how it supports the recommendation] */
  practices: [string, string][];
  /** Title and text in the site's other languages, as an editor enters them in the form. */
  translations?: Partial<Record<string, { title: string; text: string }>>;
}

/** The form's translation fields (title_fr, text_fr, …) of a demo recommendation. */
function translationFields(record: DemoRecommendation): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [locale, t] of Object.entries(record.translations ?? {}))
    if (t) {
      fields[`title_${locale}`] = t.title;
      fields[`text_${locale}`] = t.text;
    }
  return fields;
}

// The demo recommendations name no event or document they come from.
const NO_SOURCES: RecommendationSources = { events: async () => [], resources: async () => [] };

/** A demo recommendation through the same checks as an editor's. */
function checkDemo(db: Db, record: DemoRecommendation) {
  return checkInput(
    db,
    {
      title: record.title,
      text: record.text,
      language: record.language,
      audiences: record.audiences,
      themes: record.themes,
      ...translationFields(record),
    },
    NO_SOURCES,
  );
}

/**
 * Loads the demo recommendations, the illustrative ones marked so, each linked to the demo practices it names
 * (a practice that is not there is left out). A recommendation already there is left as it is.
 */
export async function loadDemoRecommendations(
  db: Db,
  records: DemoRecommendation[],
): Promise<number> {
  let created = 0;
  for (const record of records) {
    const checked = await checkDemo(db, record);
    const slug = toSlug(checked.values.title, 'recommendation');
    if (await repo.recommendationSlugExists(db, slug)) continue;
    const practices: { id: number; note: string }[] = [];
    for (const [externalId, note] of record.practices) {
      const practice = await findPracticeRef(db, { externalId });
      if (practice && !practice.archived) practices.push({ id: practice.id, note });
    }
    const now = nowIso();
    await db.transaction().execute(async (trx) => {
      const id = await repo.insertRecommendation(trx, {
        ...checked.values,
        slug,
        illustrative: record.illustrative === false ? 0 : 1,
        created_by: null,
        created_at: now,
        updated_at: now,
      });
      await repo.replaceAudiences(trx, id, checked.audiences);
      await repo.replaceThemes(trx, id, checked.themes);
      await repo.replaceTranslations(trx, id, checked.translations);
      for (const practice of practices)
        await repo.insertPracticeLink(trx, id, practice.id, practice.note);
      await markContentChanged(trx);
    });
    created++;
  }
  announceContentChanged();
  return created;
}

/**
 * Gives the demo recommendations already loaded, and not translated since, the translations of
 * the demo file; one an editor has translated or changed the title of is left as it is.
 */
export async function translateDemoRecommendations(
  db: Db,
  records: DemoRecommendation[],
): Promise<number> {
  let translated = 0;
  for (const record of records) {
    const checked = await checkDemo(db, record);
    const row = await repo.findRecommendationBySlug(
      db,
      toSlug(checked.values.title, 'recommendation'),
    );
    if (!row || checked.translations.length === 0) continue;
    if ((await repo.listTranslationsOf(db, [row.id])).length > 0) continue;
    await write(
      db,
      ANONYMOUS,
      ({ trx }) => repo.replaceTranslations(trx, row.id, checked.translations),
      {
        audit: {
          action: 'recommendation.translated',
          subject: { type: 'recommendation', id: row.id },
        },
        contentChanged: true,
      },
    );
    translated++;
  }
  return translated;
}
