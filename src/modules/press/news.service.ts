import { type Actor, ANONYMOUS } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import {
  type ContentItemStore,
  insertContentItem,
  updateContentItem,
} from '../../core/content-item.ts';
import {
  type FieldProblem,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../core/errors.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import { nowIso } from '../../core/text.ts';
import {
  addShippedTranslations,
  saveTranslation,
  type TranslatableType,
} from '../../core/translation.ts';
import { problem, readDate, readLanguageTag, readText } from '../../core/validation.ts';
import type { Db } from '../../db/connect.ts';
import {
  findOrganisationByReference,
  findOrganisationsByIds,
  resolveOrganisation,
} from '../directory/index.ts';
import {
  FOUNDING_EVENT_SLUG,
  FOUNDING_ORGANISATIONS,
  findEventIdBySlug,
  findEventLink,
  loadFoundingEvent,
} from '../events/index.ts';
import * as repo from './news.repository.ts';
import type { NewsItemRow } from './news.table.ts';

/**
 * Press releases and news: what readers get, the editors' checked and audited writes, and the
 * founding press release. Translations go through core/translation.ts, this type's part being
 * `newsTranslations`.
 */

export const NEWS_KINDS = ['press-release', 'news'] as const;
export type NewsKind = (typeof NEWS_KINDS)[number];
export const NEWS_PER_PAGE = 20;

export interface NewsSummary {
  id: number;
  slug: string;
  kind: NewsKind;
  title: string;
  dateline: string | null;
  publishedOn: string;
  language: string;
  displayLanguage: string;
  /** When the translation shown was made (YYYY-MM-DD); null for the original or when unknown. */
  translatedOn: string | null;
  /** The first paragraph, for lists and feeds. */
  lead: string;
  updatedAt: string;
}

export interface NewsContact {
  name: string;
  role: string | null;
  organisation: string | null;
  phone: string | null;
  email: string | null;
}

export interface NewsDetail extends NewsSummary {
  body: string;
  speakersAvailable: boolean;
  speakersNote: string | null;
  event: { slug: string; title: string; startsAt: string } | null;
  contacts: NewsContact[];
  organisations: { slug: string; name: string; website: string | null }[];
}

type Translation = Awaited<ReturnType<typeof repo.listTranslations>>[number];

function summaryOf(row: NewsItemRow, locale: string, translations: Translation[]) {
  const found =
    row.language === locale
      ? undefined
      : translations.find((t) => t.news_id === row.id && t.locale === locale && t.title);
  const body = found?.body ?? row.body;
  return {
    summary: {
      id: row.id,
      slug: row.slug,
      kind: (row.kind === 'news' ? 'news' : 'press-release') as NewsKind,
      title: found?.title ?? row.title,
      dateline: found?.dateline ?? row.dateline,
      publishedOn: row.published_on,
      language: row.language,
      displayLanguage: found ? locale : row.language,
      translatedOn: found?.translated_on ?? null,
      lead: body.split(/\n{2,}/)[0] ?? '',
      updatedAt: row.updated_at,
    } satisfies NewsSummary,
    body,
    speakersNote: found ? (found.speakers_note ?? row.speakers_note) : row.speakers_note,
  };
}

export async function listNews(
  db: Db,
  locale: Locale,
  input: { page: number; perPage: number },
): Promise<{ items: NewsSummary[]; total: number; page: number; perPage: number }> {
  const [total, rows] = await Promise.all([
    repo.countNews(db),
    repo.listNews(db, input.perPage, (input.page - 1) * input.perPage),
  ]);
  const translations = await repo.listTranslations(
    db,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => summaryOf(r, locale, translations).summary),
    total,
    page: input.page,
    perPage: input.perPage,
  };
}

/** The press items about an event, for its page. */
export async function listPressForEvent(
  db: Db,
  eventId: number,
  locale: Locale,
): Promise<{ slug: string; title: string; kind: string; publishedOn: string }[]> {
  const rows = await repo.listNewsOfEvent(db, eventId);
  const translations = await repo.listTranslations(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const { summary } = summaryOf(r, locale, translations);
    return {
      slug: summary.slug,
      title: summary.title,
      kind: summary.kind,
      publishedOn: summary.publishedOn,
    };
  });
}

export async function getNews(db: Db, locale: Locale, slug: string): Promise<NewsDetail> {
  const row = await repo.findNewsBySlug(db, slug);
  if (!row) throw new NotFoundError('news_not_found', `No news item has the slug "${slug}".`);
  const [translations, contacts, organisationIds, event] = await Promise.all([
    repo.listTranslations(db, [row.id]),
    repo.listContacts(db, row.id),
    repo.listOrganisationIds(db, row.id),
    row.event_id === null ? undefined : findEventLink(db, row.event_id),
  ]);
  const organisations = await findOrganisationsByIds(db, organisationIds);
  const { summary, body, speakersNote } = summaryOf(row, locale, translations);
  return {
    ...summary,
    body,
    speakersAvailable: row.speakers_available === 1,
    speakersNote,
    event: event ? { slug: event.slug, title: event.title, startsAt: event.startsAt } : null,
    contacts: contacts.map((c) => ({
      name: c.name,
      role: c.role,
      organisation: c.organisation,
      phone: c.phone,
      email: c.email,
    })),
    organisations: organisations.map((o) => ({ slug: o.slug, name: o.name, website: o.website })),
  };
}

// ───────────────────────────── Editing ─────────────────────────────

export interface NewsInput {
  kind?: unknown;
  title?: unknown;
  dateline?: unknown;
  published_on?: unknown;
  body?: unknown;
  language?: unknown;
  speakers_available?: unknown;
  speakers_note?: unknown;
  event?: unknown;
  contacts?: unknown;
  organisations?: unknown;
}

function list(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

function itemProblem(problems: FieldProblem[], field: string, index: number, message: string) {
  problems.push({
    field,
    message: `item ${index + 1}: ${message}`,
    key: 'events.error.item',
    values: { item: index + 1, message },
  });
}

async function checkNews(db: Db, input: NewsInput) {
  const problems: FieldProblem[] = [];
  const kind = typeof input.kind === 'string' ? input.kind.trim() : '';
  if (!(NEWS_KINDS as readonly string[]).includes(kind))
    problems.push({
      field: 'kind',
      message: 'is not one of the choices',
      key: 'form.error.choice',
    });
  const title = readText(problems, 'title', input.title, { required: true, max: 300 });
  const dateline = readText(problems, 'dateline', input.dateline, { max: 200 });
  const publishedOn = readDate(problems, 'published_on', input.published_on, { required: true });
  const body = readText(problems, 'body', input.body, { required: true, max: 50_000 });
  const language = readLanguageTag(problems, 'language', input.language, { required: true });
  const speakersAvailable =
    input.speakers_available === true ||
    input.speakers_available === '1' ||
    input.speakers_available === 'true';
  const speakersNote = readText(problems, 'speakers_note', input.speakers_note, { max: 500 });
  let eventId: number | null = null;
  const eventSlug = typeof input.event === 'string' ? input.event.trim() : '';
  if (eventSlug !== '') {
    eventId = (eventSlug.length <= 200 && (await findEventIdBySlug(db, eventSlug))) || null;
    if (eventId === null)
      problems.push({
        field: 'event',
        message: `no event has the slug "${eventSlug.slice(0, 100)}"`,
        key: 'press.error.event',
      });
  }
  const contacts: {
    position: number;
    name: string;
    role: string | null;
    organisation: string | null;
    phone: string | null;
    email: string | null;
  }[] = [];
  for (const [i, raw] of list(input.contacts).slice(0, 20).entries()) {
    const item = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    const local: FieldProblem[] = [];
    const name = readText(local, 'name', item.name, { required: true, max: 200 });
    const role = readText(local, 'role', item.role, { max: 200 });
    const organisation = readText(local, 'organisation', item.organisation, { max: 300 });
    const phone = readText(local, 'phone', item.phone, { max: 50 });
    const email = readText(local, 'email', item.email, { max: 254 });
    if (phone !== null && !/^[+0-9 ().-]{5,50}$/.test(phone))
      local.push({ field: 'phone', message: 'is not a telephone number' });
    if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      local.push({ field: 'email', message: 'is not an email address' });
    if (local.length > 0 || name === null) {
      itemProblem(problems, 'contacts', i, local.map((p) => `${p.field} ${p.message}`).join(', '));
      continue;
    }
    contacts.push({ position: contacts.length, name, role, organisation, phone, email });
  }
  const organisationIds: number[] = [];
  for (const [i, raw] of list(input.organisations).slice(0, 50).entries()) {
    const reference = typeof raw === 'string' ? raw.slice(0, 300) : '';
    const found = await findOrganisationByReference(db, reference);
    if (!found) {
      itemProblem(
        problems,
        'organisations',
        i,
        `no organisation "${reference.slice(0, 100)}" in the directory`,
      );
      continue;
    }
    if (!organisationIds.includes(found.id)) organisationIds.push(found.id);
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return {
    row: {
      kind,
      title: title as string,
      dateline,
      published_on: publishedOn as string,
      body: body as string,
      language: language as string,
      speakers_available: speakersAvailable ? 1 : 0,
      speakers_note: speakersNote,
      event_id: eventId,
    },
    contacts,
    organisationIds,
  };
}

type CheckedNews = Awaited<ReturnType<typeof checkNews>>;

const newsStore: ContentItemStore<CheckedNews['row'], CheckedNews> = {
  subject: 'news',
  slugExists: repo.newsSlugExists,
  insert: repo.insertNews,
  update: repo.updateNews,
  replaceParts: repo.replaceParts,
};

export async function createNews(db: Db, actor: Actor, input: NewsInput): Promise<string> {
  if (!can(actor, 'news.manage')) throw new ForbiddenError();
  return (await insertContentItem(db, actor, newsStore, await checkNews(db, input))).slug;
}

export async function updateNews(
  db: Db,
  actor: Actor,
  slug: string,
  input: NewsInput,
): Promise<string> {
  if (!can(actor, 'news.manage')) throw new ForbiddenError();
  const row = await repo.findNewsBySlug(db, slug);
  if (!row) throw new NotFoundError('news_not_found', `No news item has the slug "${slug}".`);
  const checked = await checkNews(db, input);
  await updateContentItem(db, actor, newsStore, row, checked);
  return slug;
}

/** A news item as the editor's input, for the edit form. */
export async function newsInputOf(db: Db, slug: string) {
  const row = await repo.findNewsBySlug(db, slug);
  if (!row) throw new NotFoundError('news_not_found', `No news item has the slug "${slug}".`);
  const detail = await getNews(db, 'en', slug);
  const event = row.event_id === null ? undefined : await findEventLink(db, row.event_id);
  return {
    row,
    input: {
      kind: row.kind,
      title: row.title,
      dateline: row.dateline ?? '',
      published_on: row.published_on,
      body: row.body,
      language: row.language,
      speakers_available: row.speakers_available === 1,
      speakers_note: row.speakers_note ?? '',
      event: event?.slug ?? '',
      contacts: detail.contacts,
      organisations: detail.organisations.map((o) => o.slug),
    },
    translations: await repo.listTranslations(db, [row.id]),
  };
}

/** A press item translates its title, dateline, body and speakers' note; title and body go together. */
export const newsTranslations: TranslatableType<NewsItemRow> = {
  subject: 'news',
  auditAction: 'news.translated',
  mayTranslate: (actor) => can(actor, 'news.manage'),
  find: async (db, slug) => {
    const row = await repo.findNewsBySlug(db, slug);
    if (!row) throw new NotFoundError('news_not_found', `No news item has the slug "${slug}".`);
    return row;
  },
  fields: [
    { name: 'title', max: 300 },
    { name: 'dateline', max: 200 },
    { name: 'body', max: 50_000 },
    { name: 'speakers_note', max: 500 },
  ],
  complete: (values, problems) => {
    if ((values.body !== null) !== (values.title !== null))
      problems.push(
        problem(values.title === null ? 'title' : 'body', 'is required', 'form.error.required'),
      );
  },
  store: async (trx, row, locale, values, translatedOn) => {
    await repo.upsertTranslation(trx, {
      news_id: row.id,
      locale,
      title: values.title ?? null,
      dateline: values.dateline ?? null,
      body: values.body ?? null,
      speakers_note: values.speakers_note ?? null,
      translated_on: translatedOn,
    });
    await repo.updateNews(trx, row.id, { updated_at: nowIso() });
  },
};

export function saveNewsTranslation(
  db: Db,
  actor: Actor,
  slug: string,
  locale: string,
  input: { title?: unknown; dateline?: unknown; body?: unknown; speakers_note?: unknown },
): Promise<void> {
  return saveTranslation(db, actor, newsTranslations, slug, locale, input);
}

// ───────────────────────────── Founding content ─────────────────────────────

export const FOUNDING_PRESS_SLUG = 'benefits-of-migration-to-be-showcased-by-leading-experts';

const FOUNDING_BODY = [
  'Leading migration experts from around the world will gather in New York next week to showcase successful examples of integration programs and recommend migration policies aimed at promoting tolerance and understanding in multicultural societies.',
  'The Alliance of Civilizations (UNAoC) joined forces with the International Organization for Migration (IOM) to organize a High-Level Roundtable, co-sponsored by the Italian and Canadian Permanent Missions to the United Nations. This event, entitled "The Inter-ethnic City: Management and Policies for a Better Integration of Migrants", will be held on Monday, September 28th 2009 from 9am – 1pm in Conference Room 8 at the United Nations Headquarters.',
  'In an increasingly diverse world, where migration is all too often perceived as a threat to national identities and social cohesion, it is crucial to underline the positive impact migration generates in host countries, in terms of workforce, creation of wealth, global poverty reduction, innovation and creativity. According to President Sampaio, the UN Secretary-General\'s High Representative for the UN Alliance of Civilizations, "Cultural diversity can spark innovation, stimulate creativity and boost the economy. But we cannot take it for granted. We need policies and common action aimed at the successful integration of migrant populations. In this regard, municipal and local governments play a crucial role in promoting sustainable urban development based on cultural diversity, as a key factor to prevent conflicts and contribute to security and peace."',
  'This Roundtable will examine good practices and processes for better integration at the level of cities as experienced by local administrators, policymakers and other stakeholders. The event will highlight practical policies and facilitate networking of representatives of municipalities and other relevant institutions. One of the key outcomes of the event will be recommendations that will shape the development of an online Clearinghouse by the UN Alliance of Civilizations and the International Organization for Migration on successful integration and migration policies. IOM\'s Director-General William Lacy Swing calls for "unprecedented cooperation among all actors to reap the benefits of successful migrant integration including strengthened social cohesion and enhanced cross-cultural relations that promote international peace and security."',
  'The event will focus on the urban level and will tackle what Fondazione della Rocca called "the crisis of the city". Italian Under-Secretary of State Scotti said that "The city is at the forefront of globalization, reproducing its effects. It is a place of increasing challenges: insecurity and crime; poverty; separation among communities at the social level, which is too often translated also in a physical separation, thus creating separate spaces within the same urban context. But at the same time the city is also the place for increasing economic opportunities, enhanced communication, cultural vivacity, scientific advances" The challenge of the event will be to bring together a mix of different experiences and backgrounds and propose practical solutions to those challenges and to realize those opportunities.',
  'The Roundtable will be opened by Mr Enzo Scotti and Ambassador William Lacy Swing, Director General of IOM. President Jorge Sampaio, the High Representative of the Alliance of Civilizations, will deliver a video message. Leading experts and policy-makers from around the world will also take part in the event, and closing remarks will be given by Mr. Keith Christie, Assistant Deputy Minister for Global Issues, Canadian Department of Foreign Affairs and International Trade and Mr Marc Scheuer, Director of the Alliance of Civilizations.',
  'Ahead of the event, Canada\'s Minister of Foreign Affairs stated: "In a time when our countries and peoples are becoming globally interdependent, the promotion of cross-cultural, ethnic and religious understanding and cooperation is increasingly vital. We see this event as part of our broader efforts to enhance mutual understanding, combat discrimination, and promote respect among all cultures and faiths."',
  'Note to Editors',
  'A webcast of the event will be available on: http://www.un.org/webcast',
].join('\n\n');

/**
 * The press release of 26 September 2009 that announced the founding roundtable. Idempotent;
 * creates the roundtable first when it is missing, since the release is about it.
 */
export async function loadFoundingPressRelease(db: Db): Promise<string> {
  if (await repo.newsSlugExists(db, FOUNDING_PRESS_SLUG)) return FOUNDING_PRESS_SLUG;
  await loadFoundingEvent(db);
  for (const organisation of [FOUNDING_ORGANISATIONS.unaoc, FOUNDING_ORGANISATIONS.iom])
    await resolveOrganisation(db, organisation);
  const event = await findEventIdBySlug(db, FOUNDING_EVENT_SLUG);
  const checked = await checkNews(db, {
    kind: 'press-release',
    title: 'Benefits of Migration to be Showcased by Leading Experts',
    dateline: 'New York',
    published_on: '2009-09-26',
    body: FOUNDING_BODY,
    language: 'en',
    speakers_available: true,
    speakers_note: 'Speakers will be available for interviews following the event.',
    event: event === undefined ? '' : FOUNDING_EVENT_SLUG,
    contacts: [
      {
        name: 'Daanish Masood',
        role: 'Communications Officer',
        organisation: 'Alliance of Civilizations',
        phone: '+1 917 847 3084',
        email: 'daanishm@unops.org',
      },
    ],
    organisations: [FOUNDING_ORGANISATIONS.unaoc.name, FOUNDING_ORGANISATIONS.iom.name],
  });
  // Recorded as the system's doing: no person added it.
  return (await insertContentItem(db, ANONYMOUS, newsStore, checked, FOUNDING_PRESS_SLUG)).slug;
}

/** The founding press release in another language; the body keeps the original's paragraphs. */
export interface NewsTranslationText {
  title: string;
  dateline: string;
  body: string;
  speakers_note: string;
}

/**
 * Adds the translations of the founding press release that it lacks, through the same checks as
 * an editor's; returns the languages added. An editor's own translation is kept.
 */
export function translateFoundingPressRelease(
  db: Db,
  translations: Partial<Record<string, NewsTranslationText>>,
  translatedOn: string,
): Promise<Locale[]> {
  return addShippedTranslations(
    db,
    newsTranslations,
    FOUNDING_PRESS_SLUG,
    translations,
    translatedOn,
    async (trx, row) => (await repo.listTranslations(trx, [row.id])).map((t) => t.locale),
  );
}

/** The translation of a press item into one language, as its form shows it (empty when none). */
export async function newsTranslationOf(
  db: Db,
  slug: string,
  locale: string,
): Promise<{ tr_title: string; tr_dateline: string; tr_body: string; tr_speakers_note: string }> {
  const row = await repo.findNewsBySlug(db, slug);
  if (!row) throw new NotFoundError('news_not_found', `No news item has the slug "${slug}".`);
  const found = (await repo.listTranslations(db, [row.id])).find((t) => t.locale === locale);
  return {
    tr_title: found?.title ?? '',
    tr_dateline: found?.dateline ?? '',
    tr_body: found?.body ?? '',
    tr_speakers_note: found?.speakers_note ?? '',
  };
}
