import { type Actor, ANONYMOUS, can } from '../../core/authz.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../core/errors.ts';
import { isLocale, type Locale } from '../../core/i18n/locales.ts';
import { toSlug, uniqueSlug } from '../../core/slug.ts';
import { nowIso } from '../../core/text.ts';
import { isTimeZone, utcToZoned, zonedToUtc } from '../../core/time.ts';
import { saveTranslation, type TranslatableType } from '../../core/translation.ts';
import {
  type Problems,
  problem,
  readLanguageTag,
  readText,
  readWebAddress,
} from '../../core/validation.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import {
  findOrganisationByReference,
  findOrganisationsByIds,
  resolveOrganisation,
} from '../directory/organisation.service.ts';
import { findPracticeBySlug, loadCards, type PracticeCard } from '../practices/practice.service.ts';
import * as repo from './event.repository.ts';
import type { EventRow } from './event.table.ts';

export const EVENT_TYPES = ['roundtable', 'webinar', 'conference', 'workshop', 'other'] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export const ORGANISATION_ROLES = ['organiser', 'co-sponsor', 'partner'] as const;
export type OrganisationRole = (typeof ORGANISATION_ROLES)[number];
export const EVENT_WHEN = ['upcoming', 'past'] as const;
export type EventWhen = (typeof EVENT_WHEN)[number];

export const EVENTS_PER_PAGE = 20;
export const MAX_EVENTS_PER_PAGE = 100;

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
  startsAt: string;
  endsAt: string;
  timeZone: string;
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

function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
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
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    timeZone: row.time_zone,
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
  return {
    ...summaryOf(row, locale, translations),
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

/**
 * An event as editors write it, from the form or the API: local start and end in the event's
 * zone, lists as structured items. The form turns its text areas into these lists first.
 */
export interface EventInput {
  title?: unknown;
  type?: unknown;
  description?: unknown;
  language?: unknown;
  starts_at?: unknown;
  ends_at?: unknown;
  time_zone?: unknown;
  venue_name?: unknown;
  venue_address?: unknown;
  venue_city?: unknown;
  venue_country?: unknown;
  online?: unknown;
  webcast_url?: unknown;
  recording_url?: unknown;
  captions_url?: unknown;
  organisations?: unknown;
  speakers?: unknown;
  agenda?: unknown;
  documents?: unknown;
  practices?: unknown;
}

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

function list(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function itemProblem(problems: Problems, field: string, index: number, message: string) {
  problems.push({
    field,
    message: `item ${index + 1}: ${message}`,
    key: 'events.error.item',
    values: { item: index + 1, message },
  });
}

interface CheckedEvent {
  row: Omit<EventRow, 'id' | 'slug' | 'created_by' | 'created_at' | 'updated_at'>;
  organisations: { organisation_id: number; role: string; position: number }[];
  speakers: {
    position: number;
    name: string;
    title: string | null;
    affiliation: string | null;
    part: string | null;
  }[];
  agenda: { position: number; starts_at: string | null; title: string; speakers: string | null }[];
  documents: { position: number; title: string; url: string }[];
  practiceIds: number[];
}

/** Every rule an event must meet, from the form or the API; all problems at once. */
export async function checkEvent(db: Db, input: EventInput): Promise<CheckedEvent> {
  const problems: Problems = [];
  const title = readText(problems, 'title', input.title, { required: true, max: 300 });
  const type = typeof input.type === 'string' ? input.type.trim() : '';
  if (!isEventType(type))
    problems.push({
      field: 'type',
      message: 'is not one of the choices',
      key: 'form.error.choice',
    });
  const description = readText(problems, 'description', input.description, {
    required: true,
    max: 20_000,
  });
  const language = readLanguageTag(problems, 'language', input.language, { required: true });

  const timeZone = typeof input.time_zone === 'string' ? input.time_zone.trim() : '';
  const zoneOk = isTimeZone(timeZone);
  if (!zoneOk)
    problems.push({
      field: 'time_zone',
      message: 'is not a known time zone',
      key: 'form.error.timeZone',
    });
  const instant = (field: string, value: unknown) => {
    const local = typeof value === 'string' ? value.trim() : '';
    if (local === '') {
      problems.push({ field, message: 'is required', key: 'form.error.required' });
      return undefined;
    }
    // Checked in UTC when the zone is wrong, so an impossible date is reported along with it.
    const utc = LOCAL_DATE_TIME.test(local)
      ? zonedToUtc(local, zoneOk ? timeZone : 'UTC')
      : undefined;
    if (!utc)
      problems.push({
        field,
        message: 'must be a date and time such as 2026-06-30T17:00',
        key: 'form.error.dateTime',
      });
    return zoneOk ? utc : undefined;
  };
  const startsAt = instant('starts_at', input.starts_at);
  const endsAt = instant('ends_at', input.ends_at);
  if (startsAt && endsAt && endsAt <= startsAt)
    problems.push({
      field: 'ends_at',
      message: 'must be after the start',
      key: 'events.error.endsBeforeStarts',
    });

  const venueName = readText(problems, 'venue_name', input.venue_name, { max: 300 });
  const venueAddress = readText(problems, 'venue_address', input.venue_address, { max: 500 });
  const venueCity = readText(problems, 'venue_city', input.venue_city, { max: 200 });
  const countryText = readText(problems, 'venue_country', input.venue_country, { max: 2 });
  const venueCountry = countryText?.toUpperCase() ?? null;
  if (venueCountry !== null && !/^[A-Z]{2}$/.test(venueCountry))
    problems.push({
      field: 'venue_country',
      message: 'must be a two-letter country code such as US',
      key: 'events.error.country',
    });
  const online =
    input.online === true ||
    input.online === 'true' ||
    input.online === '1' ||
    input.online === 'on';
  if (!online && !venueName && !venueCity && !venueAddress)
    problems.push({
      field: 'venue_name',
      message: 'give a venue, or say that the event is online',
      key: 'events.error.where',
    });
  const webcastUrl = readWebAddress(problems, 'webcast_url', input.webcast_url);
  const recordingUrl = readWebAddress(problems, 'recording_url', input.recording_url);
  const captionsUrl = readWebAddress(problems, 'captions_url', input.captions_url);

  const organisations: CheckedEvent['organisations'] = [];
  for (const [i, raw] of list(input.organisations).slice(0, 51).entries()) {
    const item = record(raw);
    const role = typeof item.role === 'string' ? item.role.trim() : '';
    const reference = typeof item.organisation === 'string' ? item.organisation : '';
    if (i === 50) {
      itemProblem(problems, 'organisations', i, 'at most 50 organisations');
      break;
    }
    if (!(ORGANISATION_ROLES as readonly string[]).includes(role)) {
      itemProblem(
        problems,
        'organisations',
        i,
        'the role must be organiser, co-sponsor or partner',
      );
      continue;
    }
    const found = await findOrganisationByReference(db, reference.slice(0, 300));
    if (!found) {
      itemProblem(
        problems,
        'organisations',
        i,
        `no organisation "${reference.slice(0, 100)}" in the directory`,
      );
      continue;
    }
    if (organisations.some((o) => o.organisation_id === found.id)) continue;
    organisations.push({ organisation_id: found.id, role, position: organisations.length });
  }

  const speakers: CheckedEvent['speakers'] = [];
  for (const [i, raw] of list(input.speakers).slice(0, 201).entries()) {
    const item = record(raw);
    const local: Problems = [];
    const name = readText(local, 'name', item.name, { required: true, max: 200 });
    const speakerTitle = readText(local, 'title', item.title, { max: 300 });
    const affiliation = readText(local, 'affiliation', item.affiliation, { max: 300 });
    const part = readText(local, 'part', item.part, { max: 200 });
    if (i === 200 || local.length > 0 || name === null) {
      itemProblem(
        problems,
        'speakers',
        i,
        i === 200 ? 'at most 200 speakers' : local.map((p) => `${p.field} ${p.message}`).join(', '),
      );
      continue;
    }
    speakers.push({ position: speakers.length, name, title: speakerTitle, affiliation, part });
  }

  const agenda: CheckedEvent['agenda'] = [];
  for (const [i, raw] of list(input.agenda).slice(0, 201).entries()) {
    const item = record(raw);
    const local: Problems = [];
    const itemTitle = readText(local, 'title', item.title, { required: true, max: 300 });
    const itemSpeakers = readText(local, 'speakers', item.speakers, { max: 500 });
    let at: string | null = null;
    const when = typeof item.starts_at === 'string' ? item.starts_at.trim() : '';
    if (when !== '' && zoneOk) {
      // A time alone is on the event's first day, in its zone.
      const day = startsAt ? utcToZoned(startsAt, timeZone).slice(0, 10) : undefined;
      const local_ = /^\d{2}:\d{2}$/.test(when) && day ? `${day}T${when}` : when;
      at = (LOCAL_DATE_TIME.test(local_) && zonedToUtc(local_, timeZone)) || null;
      if (at === null)
        local.push({
          field: 'starts_at',
          message: 'must be a time such as 09:30 or 2026-06-30T09:30',
        });
    }
    if (i === 200 || local.length > 0 || itemTitle === null) {
      itemProblem(
        problems,
        'agenda',
        i,
        i === 200 ? 'at most 200 items' : local.map((p) => `${p.field} ${p.message}`).join(', '),
      );
      continue;
    }
    agenda.push({
      position: agenda.length,
      starts_at: at,
      title: itemTitle,
      speakers: itemSpeakers,
    });
  }

  const documents: CheckedEvent['documents'] = [];
  for (const [i, raw] of list(input.documents).slice(0, 101).entries()) {
    const item = record(raw);
    const local: Problems = [];
    const docTitle = readText(local, 'title', item.title, { required: true, max: 300 });
    // A document published on this site (a press release) is linked by its path.
    const url = readWebAddress(local, 'url', item.url, { required: true, sitePath: true });
    if (i === 100 || local.length > 0 || docTitle === null || url === null) {
      itemProblem(
        problems,
        'documents',
        i,
        i === 100
          ? 'at most 100 documents'
          : local.map((p) => `${p.field} ${p.message}`).join(', '),
      );
      continue;
    }
    documents.push({ position: documents.length, title: docTitle, url });
  }

  const practiceIds: number[] = [];
  for (const [i, raw] of list(input.practices).slice(0, 101).entries()) {
    const slug = typeof raw === 'string' ? raw.trim() : '';
    const practice =
      slug === '' || slug.length > 200 ? undefined : await findPracticeBySlug(db, slug);
    if (!practice) {
      itemProblem(problems, 'practices', i, `no practice has the slug "${slug.slice(0, 100)}"`);
      continue;
    }
    if (!practiceIds.includes(practice.id)) practiceIds.push(practice.id);
  }

  if (problems.length > 0) throw new ValidationError(problems);
  return {
    row: {
      type,
      title: title as string,
      description: description as string,
      language: language as string,
      starts_at: startsAt as string,
      ends_at: endsAt as string,
      time_zone: timeZone,
      venue_name: venueName,
      venue_address: venueAddress,
      venue_city: venueCity,
      venue_country: venueCountry,
      online: online ? 1 : 0,
      webcast_url: webcastUrl,
      recording_url: recordingUrl,
      captions_url: captionsUrl,
    },
    organisations,
    speakers,
    agenda,
    documents,
    practiceIds,
  };
}

export async function createEvent(db: Db, actor: Actor, input: EventInput): Promise<EventDetail> {
  if (!can(actor, 'events.manage')) throw new ForbiddenError();
  const checked = await checkEvent(db, input);
  const now = nowIso();
  const { id } = await write(
    db,
    actor,
    async ({ trx }) => {
      const slug = await uniqueSlug(toSlug(checked.row.title, 'event'), (s) =>
        repo.eventSlugExists(trx, s),
      );
      const id = await repo.insertEvent(trx, {
        ...checked.row,
        slug,
        created_by: actor.kind === 'user' ? actor.id : null,
        created_at: now,
        updated_at: now,
      });
      await repo.replaceParts(trx, id, checked);
      return { id, slug };
    },
    {
      audit: ({ id, slug }) => ({
        action: 'event.created',
        subject: { type: 'event', id },
        details: { slug },
      }),
      contentChanged: true,
    },
  );
  return detailOf(db, (await repo.findEventById(db, id)) as EventRow, checked.row.language);
}

/** The event as an editor's input, for a form or for a partial change through the API. */
export async function eventInputOf(db: Db, slug: string): Promise<Required<EventInput>> {
  const row = await repo.findEventBySlug(db, slug);
  if (!row) throw new NotFoundError('event_not_found', `No event has the slug "${slug}".`);
  const detail = await detailOf(db, row, row.language);
  return {
    title: row.title,
    type: row.type,
    description: row.description,
    language: row.language,
    starts_at: utcToZoned(row.starts_at, row.time_zone),
    ends_at: utcToZoned(row.ends_at, row.time_zone),
    time_zone: row.time_zone,
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
  await write(
    db,
    actor,
    async ({ trx }) => {
      await repo.updateEvent(trx, row.id, { ...checked.row, updated_at: nowIso() });
      await repo.replaceParts(trx, row.id, checked);
    },
    {
      audit: { action: 'event.updated', subject: { type: 'event', id: row.id }, details: { slug } },
      contentChanged: true,
    },
  );
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
  store: async (trx, row, locale, values) => {
    await repo.upsertTranslation(trx, {
      event_id: row.id,
      locale,
      title: values.title ?? null,
      description: values.description ?? null,
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
  const now = nowIso();
  // Recorded as the system's doing: no person added it.
  return write(
    db,
    ANONYMOUS,
    async ({ trx }) => {
      const id = await repo.insertEvent(trx, {
        ...checked.row,
        slug: FOUNDING_EVENT_SLUG,
        created_by: null,
        created_at: now,
        updated_at: now,
      });
      await repo.replaceParts(trx, id, checked);
      return id;
    },
    {
      audit: (id) => ({
        action: 'event.created',
        subject: { type: 'event', id },
        details: { slug: FOUNDING_EVENT_SLUG },
      }),
      contentChanged: true,
    },
  );
}

/** The events, for the sitemap. */
export const listEventSitemapEntries = repo.listEventSitemapEntries;
