import { type Actor, ANONYMOUS } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import {
  type ContentItemStore,
  insertContentItem,
  updateContentItem,
} from '../../core/content-item.ts';
import { ForbiddenError, NotFoundError } from '../../core/errors.ts';
import { isLocale, type Locale } from '../../core/i18n/locales.ts';
import { nowIso } from '../../core/text.ts';
import { utcToZoned } from '../../core/time.ts';
import {
  addShippedTranslations,
  saveTranslation,
  type TranslatableType,
} from '../../core/translation.ts';
import { problem } from '../../core/validation.ts';
import type { Db } from '../../db/connect.ts';
import { findOrganisationsByIds, resolveOrganisation } from '../directory/index.ts';
import { loadCards, type PracticeCard } from '../practices/index.ts';
import { type CheckedEvent, checkEvent, type EventInput } from './event.checks.ts';
import {
  allDayDate,
  type EventType,
  type EventWhen,
  endOf,
  isEventType,
  type OrganisationRole,
} from './event.model.ts';
import * as repo from './event.repository.ts';
import type { EventRow } from './event.table.ts';

/**
 * Events: what readers get (lists, pages, calendars), the editors' writes, each one audited, and
 * the founding roundtable. The rules of an editor's input are in event.checks.ts; translations go
 * through core/translation.ts, this type's part being `eventTranslations`.
 */

// ───────────────────────────── What readers get ─────────────────────────────

export interface EventSummary {
  id: number;
  slug: string;
  type: EventType;
  title: string;
  description: string;
  /** The language of the original title and description. */
  language: string;
  /** The language of `title` and `description` as given: a translation's, or the original's. */
  displayLanguage: string;
  /** When the translation shown was made (YYYY-MM-DD); null for the original or when unknown. */
  translatedOn: string | null;
  /** Instants; for an all-day event, midnight UTC of its first and last days. */
  startsAt: string;
  endsAt: string;
  timeZone: string;
  /** Only the dates are known: show and send them without a time of day. */
  allDay: boolean;
  venue: Venue | null;
  online: boolean;
  updatedAt: string;
  createdAt: string;
}

export interface Venue {
  name: string | null;
  address: string | null;
  city: string | null;
  country: string | null;
}

export interface EventOrganisation {
  id: number;
  slug: string;
  name: string;
  role: OrganisationRole;
}

export interface EventSpeaker {
  name: string;
  title: string | null;
  affiliation: string | null;
  part: string | null;
}

export interface AgendaItem {
  startsAt: string | null;
  title: string;
  speakers: string | null;
}

export interface EventDocument {
  title: string;
  url: string;
}

export interface EventDetail extends EventSummary {
  /** The event has ended: its page says so and offers its record rather than a calendar entry. */
  past: boolean;
  webcastUrl: string | null;
  recordingUrl: string | null;
  captionsUrl: string | null;
  organisations: EventOrganisation[];
  speakers: EventSpeaker[];
  agenda: AgendaItem[];
  documents: EventDocument[];
  practices: PracticeCard[];
  /** Locales with a translation of the title or description. */
  translations: { locale: string; title: string | null; description: string | null }[];
}

function venueOf(row: EventRow): Venue | null {
  if (!row.venue_name && !row.venue_address && !row.venue_city && !row.venue_country) return null;
  return {
    name: row.venue_name,
    address: row.venue_address,
    city: row.venue_city,
    country: row.venue_country,
  };
}

function summaryOf(
  row: EventRow,
  locale: string,
  translations: {
    event_id: number;
    locale: string;
    title: string | null;
    description: string | null;
    translated_on: string | null;
  }[],
): EventSummary {
  const translation =
    row.language === locale
      ? undefined
      : translations.find((t) => t.event_id === row.id && t.locale === locale);
  const translated = translation?.title ? translation : undefined;
  return {
    id: row.id,
    slug: row.slug,
    type: isEventType(row.type) ? row.type : 'other',
    title: translated?.title ?? row.title,
    description: translated ? (translated.description ?? row.description) : row.description,
    language: row.language,
    displayLanguage: translated ? locale : row.language,
    translatedOn: translated?.translated_on ?? null,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    timeZone: row.time_zone,
    allDay: row.all_day === 1,
    venue: venueOf(row),
    online: row.online === 1,
    updatedAt: row.updated_at,
    createdAt: row.created_at,
  };
}

async function summaries(db: Db, rows: EventRow[], locale: string): Promise<EventSummary[]> {
  const translations = await repo.listTranslations(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => summaryOf(row, locale, translations));
}

export interface EventListInput {
  when?: EventWhen;
  type?: string;
  q?: string;
  page: number;
  perPage: number;
}

export interface EventList {
  items: EventSummary[];
  total: number;
  page: number;
  perPage: number;
}

export async function listEvents(
  db: Db,
  locale: Locale,
  input: EventListInput,
): Promise<EventList> {
  const filter: repo.EventListFilter = {
    when: input.when,
    now: nowIso(),
    type: input.type || undefined,
    q: input.q?.trim() || undefined,
  };
  const [total, rows] = await Promise.all([
    repo.countEvents(db, filter),
    repo.listEvents(db, filter, input.perPage, (input.page - 1) * input.perPage),
  ]);
  return {
    items: await summaries(db, rows, locale),
    total,
    page: input.page,
    perPage: input.perPage,
  };
}

async function detailOf(db: Db, row: EventRow, locale: string): Promise<EventDetail> {
  const [translations, links, speakers, agenda, documents, practiceIds] = await Promise.all([
    repo.listTranslations(db, [row.id]),
    repo.listOrganisationLinks(db, [row.id]),
    repo.listSpeakers(db, row.id),
    repo.listAgenda(db, row.id),
    repo.listDocuments(db, row.id),
    repo.listPracticeIds(db, row.id),
  ]);
  const organisations = await findOrganisationsByIds(
    db,
    links.map((l) => l.organisation_id),
  );
  const roleOf = new Map(links.map((l) => [l.organisation_id, l.role]));
  const practices = isLocale(locale) ? await loadCards(db, locale, practiceIds) : [];
  const summary = summaryOf(row, locale, translations);
  return {
    ...summary,
    past: endOf(summary) <= nowIso(),
    webcastUrl: row.webcast_url,
    recordingUrl: row.recording_url,
    captionsUrl: row.captions_url,
    organisations: organisations.map((o) => ({
      id: o.id,
      slug: o.slug,
      name: o.name,
      role: (roleOf.get(o.id) ?? 'partner') as OrganisationRole,
    })),
    speakers: speakers.map((s) => ({
      name: s.name,
      title: s.title,
      affiliation: s.affiliation,
      part: s.part,
    })),
    agenda: agenda.map((a) => ({ startsAt: a.starts_at, title: a.title, speakers: a.speakers })),
    documents: documents.map((d) => ({ title: d.title, url: d.url })),
    practices,
    translations: translations.map((t) => ({
      locale: t.locale,
      title: t.title,
      description: t.description,
    })),
  };
}

export async function getEvent(db: Db, locale: Locale, slug: string): Promise<EventDetail> {
  const row = await repo.findEventBySlug(db, slug);
  if (!row) throw new NotFoundError('event_not_found', `No event has the slug "${slug}".`);
  return detailOf(db, row, locale);
}

/** The events of a calendar feed: the most recent and coming ones, in full. */
export async function listEventsForCalendar(db: Db, locale: Locale, limit = 500) {
  const rows = await repo.listAllEvents(db, limit);
  return Promise.all(rows.map((row) => detailOf(db, row, locale)));
}

/** For forms elsewhere (recommendations): every event, newest first. */
export async function listEventChoices(
  db: Db,
): Promise<{ id: number; slug: string; title: string; startsAt: string }[]> {
  const rows = await repo.listChoices(db);
  return rows.map((r) => ({ id: r.id, slug: r.slug, title: r.title, startsAt: r.starts_at }));
}

/** For an organisation's profile page: the events it organised, sponsored or partnered. */
export async function listEventsForOrganisation(
  db: Db,
  organisationId: number,
  locale: Locale,
): Promise<(EventSummary & { role: OrganisationRole })[]> {
  const rows = await repo.listEventsOfOrganisation(db, organisationId);
  const translations = await repo.listTranslations(
    db,
    rows.map((r) => r.id),
  );
  return rows.map(({ organisation_role, ...row }) => ({
    ...summaryOf(row, locale, translations),
    role: organisation_role as OrganisationRole,
  }));
}

/** An event by id, for services that link to one (the press room). */
export async function findEventLink(
  db: Db,
  id: number,
): Promise<{ id: number; slug: string; title: string; startsAt: string } | undefined> {
  const row = await repo.findEventById(db, id);
  return row
    ? { id: row.id, slug: row.slug, title: row.title, startsAt: row.starts_at }
    : undefined;
}

export async function findEventIdBySlug(db: Db, slug: string): Promise<number | undefined> {
  return (await repo.findEventBySlug(db, slug))?.id;
}

// ───────────────────────────── Editing ─────────────────────────────

const eventStore: ContentItemStore<CheckedEvent['row'], CheckedEvent> = {
  subject: 'event',
  slugExists: repo.eventSlugExists,
  insert: repo.insertEvent,
  update: repo.updateEvent,
  replaceParts: repo.replaceParts,
};

export async function createEvent(db: Db, actor: Actor, input: EventInput): Promise<EventDetail> {
  if (!can(actor, 'events.manage')) throw new ForbiddenError();
  const checked = await checkEvent(db, input);
  const { id } = await insertContentItem(db, actor, eventStore, checked);
  return detailOf(db, (await repo.findEventById(db, id)) as EventRow, checked.row.language);
}

/** The event as an editor's input, for a form or for a partial change through the API. */
export async function eventInputOf(db: Db, slug: string): Promise<Required<EventInput>> {
  const row = await repo.findEventBySlug(db, slug);
  if (!row) throw new NotFoundError('event_not_found', `No event has the slug "${slug}".`);
  const detail = await detailOf(db, row, row.language);
  const allDay = row.all_day === 1;
  return {
    title: row.title,
    type: row.type,
    description: row.description,
    language: row.language,
    starts_at: allDay ? allDayDate(row.starts_at) : utcToZoned(row.starts_at, row.time_zone),
    ends_at: allDay ? allDayDate(row.ends_at) : utcToZoned(row.ends_at, row.time_zone),
    time_zone: row.time_zone,
    all_day: allDay,
    venue_name: row.venue_name ?? '',
    venue_address: row.venue_address ?? '',
    venue_city: row.venue_city ?? '',
    venue_country: row.venue_country ?? '',
    online: row.online === 1,
    webcast_url: row.webcast_url ?? '',
    recording_url: row.recording_url ?? '',
    captions_url: row.captions_url ?? '',
    organisations: detail.organisations.map((o) => ({ organisation: o.slug, role: o.role })),
    speakers: detail.speakers,
    agenda: detail.agenda.map((a) => ({
      starts_at: a.startsAt ? utcToZoned(a.startsAt, row.time_zone) : '',
      title: a.title,
      speakers: a.speakers ?? '',
    })),
    documents: detail.documents,
    practices: detail.practices.map((p) => p.slug),
  };
}

export async function updateEvent(
  db: Db,
  actor: Actor,
  slug: string,
  input: EventInput,
): Promise<EventDetail> {
  if (!can(actor, 'events.manage')) throw new ForbiddenError();
  const row = await repo.findEventBySlug(db, slug);
  if (!row) throw new NotFoundError('event_not_found', `No event has the slug "${slug}".`);
  const checked = await checkEvent(db, input);
  await updateContentItem(db, actor, eventStore, row, checked);
  return detailOf(db, (await repo.findEventById(db, row.id)) as EventRow, checked.row.language);
}

/** An event translates its title and description; a description needs its title. */
export const eventTranslations: TranslatableType<EventRow> = {
  subject: 'event',
  auditAction: 'event.translated',
  mayTranslate: (actor) => can(actor, 'events.manage'),
  find: async (db, slug) => {
    const row = await repo.findEventBySlug(db, slug);
    if (!row) throw new NotFoundError('event_not_found', `No event has the slug "${slug}".`);
    return row;
  },
  fields: [
    { name: 'title', max: 300 },
    { name: 'description', max: 20_000 },
  ],
  complete: (values, problems) => {
    if (values.description !== null && values.title === null)
      problems.push(problem('title', 'is required', 'form.error.required'));
  },
  store: async (trx, row, locale, values, translatedOn) => {
    await repo.upsertTranslation(trx, {
      event_id: row.id,
      locale,
      title: values.title ?? null,
      description: values.description ?? null,
      translated_on: translatedOn,
    });
    await repo.updateEvent(trx, row.id, { updated_at: nowIso() });
  },
};

/** A translation of the title and description; both empty removes it. */
export function saveEventTranslation(
  db: Db,
  actor: Actor,
  slug: string,
  locale: string,
  input: { title?: unknown; description?: unknown },
): Promise<void> {
  return saveTranslation(db, actor, eventTranslations, slug, locale, input);
}

/** Duration in minutes, for people and tests: the instants make daylight saving exact. */
export function durationMinutes(event: Pick<EventSummary, 'startsAt' | 'endsAt'>): number {
  return Math.round((Date.parse(event.endsAt) - Date.parse(event.startsAt)) / 60_000);
}

// ───────────────────────────── Founding content ─────────────────────────────

export const FOUNDING_EVENT_SLUG = 'the-inter-ethnic-city-new-york-2009';
export const FOUNDING_PRESS_PATH =
  '/press/benefits-of-migration-to-be-showcased-by-leading-experts';

/** The four organisations of the 2009 roundtable, as every module names them in the directory. */
export const FOUNDING_ORGANISATIONS = {
  unaoc: {
    name: 'United Nations Alliance of Civilizations',
    type: 'international-organisation',
    website: 'https://www.unaoc.org',
    countryCode: null,
    cityId: null,
  },
  iom: {
    name: 'International Organization for Migration',
    type: 'international-organisation',
    website: 'https://www.iom.int',
    countryCode: null,
    cityId: null,
  },
  italy: {
    name: 'Permanent Mission of Italy to the United Nations',
    type: 'national-government',
    website: null,
    countryCode: 'IT',
    cityId: null,
  },
  canada: {
    name: 'Permanent Mission of Canada to the United Nations',
    type: 'national-government',
    website: null,
    countryCode: 'CA',
    cityId: null,
  },
} as const;

/**
 * The roundtable that called for this clearinghouse (New York, 28 September 2009). Idempotent:
 * returns the event's id, creating it (and its organisations) only when it is missing.
 */
export async function loadFoundingEvent(db: Db): Promise<number> {
  const existing = await repo.findEventBySlug(db, FOUNDING_EVENT_SLUG);
  if (existing) return existing.id;
  for (const organisation of Object.values(FOUNDING_ORGANISATIONS))
    await resolveOrganisation(db, organisation);
  const checked = await checkEvent(db, {
    title: 'The Inter-ethnic City: Management and Policies for a Better Integration of Migrants',
    type: 'roundtable',
    description: [
      'A High-Level Roundtable organised by the UN Alliance of Civilizations (UNAoC) and the International Organization for Migration (IOM), co-sponsored by the Italian and Canadian Permanent Missions to the United Nations.',
      'The Roundtable examined good practices and processes for better integration at the level of cities as experienced by local administrators, policymakers and other stakeholders, highlighted practical policies and facilitated networking of representatives of municipalities and other relevant institutions.',
      'One of its key outcomes was recommendations to shape the development of an online Clearinghouse on successful integration and migration policies.',
    ].join('\n\n'),
    language: 'en',
    starts_at: '2009-09-28T09:00',
    ends_at: '2009-09-28T13:00',
    time_zone: 'America/New_York',
    venue_name: 'United Nations Headquarters, Conference Room 8',
    venue_address: null,
    venue_city: 'New York',
    venue_country: 'US',
    online: true,
    webcast_url: 'http://www.un.org/webcast',
    organisations: [
      { organisation: FOUNDING_ORGANISATIONS.unaoc.name, role: 'organiser' },
      { organisation: FOUNDING_ORGANISATIONS.iom.name, role: 'organiser' },
      { organisation: FOUNDING_ORGANISATIONS.italy.name, role: 'co-sponsor' },
      { organisation: FOUNDING_ORGANISATIONS.canada.name, role: 'co-sponsor' },
    ],
    speakers: [
      {
        name: 'Enzo Scotti',
        title: 'Under-Secretary of State',
        affiliation: 'Italy',
        part: 'opening remarks',
      },
      {
        name: 'William Lacy Swing',
        title: 'Director General',
        affiliation: 'International Organization for Migration',
        part: 'opening remarks',
      },
      {
        name: 'Jorge Sampaio',
        title: "UN Secretary-General's High Representative for the Alliance of Civilizations",
        affiliation: 'United Nations Alliance of Civilizations',
        part: 'video message',
      },
      {
        name: 'Keith Christie',
        title: 'Assistant Deputy Minister for Global Issues',
        affiliation: 'Canadian Department of Foreign Affairs and International Trade',
        part: 'closing remarks',
      },
      {
        name: 'Marc Scheuer',
        title: 'Director',
        affiliation: 'United Nations Alliance of Civilizations',
        part: 'closing remarks',
      },
    ],
    documents: [
      {
        title:
          'Press release: Benefits of Migration to be Showcased by Leading Experts (26 September 2009)',
        url: FOUNDING_PRESS_PATH,
      },
    ],
  });
  // Recorded as the system's doing: no person added it.
  return (await insertContentItem(db, ANONYMOUS, eventStore, checked, FOUNDING_EVENT_SLUG)).id;
}

/** The founding roundtable's title and description in another language. */
export interface EventTranslationText {
  title: string;
  description: string;
}

/**
 * Adds the translations of the founding roundtable that it lacks, through the same checks as an
 * editor's; returns the languages added. An editor's own translation is kept.
 */
export function translateFoundingEvent(
  db: Db,
  translations: Partial<Record<string, EventTranslationText>>,
  translatedOn: string,
): Promise<Locale[]> {
  return addShippedTranslations(
    db,
    eventTranslations,
    FOUNDING_EVENT_SLUG,
    translations,
    translatedOn,
    async (trx, row) => (await repo.listTranslations(trx, [row.id])).map((t) => t.locale),
  );
}
