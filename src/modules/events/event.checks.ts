import { ValidationError } from '../../core/errors.ts';
import { isTimeZone, utcToZoned, zonedToUtc } from '../../core/time.ts';
import { type Problems, readLanguageTag, readText, readWebAddress } from '../../core/validation.ts';
import type { Db } from '../../db/connect.ts';
import { findOrganisationByReference } from '../directory/index.ts';
import { findPracticeRef } from '../practices/index.ts';
import { allDayDate, allDayInstant, isEventType, ORGANISATION_ROLES } from './event.model.ts';
import type { EventRow } from './event.table.ts';

/**
 * The rules an event's input must meet, from the editor's form or the API: every problem at once,
 * and the checked rows to store. Kept apart from the service, which reads and writes events.
 */

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
  /** True when only the dates are known: start and end are then dates (2026-06-30). */
  all_day?: unknown;
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
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function truthy(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 'on';
}

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

export interface CheckedEvent {
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
  const allDay = truthy(input.all_day);
  const instant = (field: string, value: unknown) => {
    const local = typeof value === 'string' ? value.trim() : '';
    if (local === '') {
      problems.push({ field, message: 'is required', key: 'form.error.required' });
      return undefined;
    }
    if (allDay) {
      // A date; the form without its script still sends date-times, whose times are dropped.
      const date = DATE.test(local) || LOCAL_DATE_TIME.test(local) ? local.slice(0, 10) : '';
      const utc = date ? zonedToUtc(`${date}T00:00`, 'UTC') : undefined;
      if (!utc)
        problems.push({
          field,
          message: 'must be a date such as 2026-06-30',
          key: 'form.error.date',
        });
      return utc && allDayInstant(date);
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
  // An all-day event may end on the day it starts; a timed one must end after it starts.
  if (startsAt && endsAt && allDay && endsAt < startsAt)
    problems.push({
      field: 'ends_at',
      message: 'must not be before the start',
      key: 'events.error.endsBeforeStartDay',
    });
  if (startsAt && endsAt && !allDay && endsAt <= startsAt)
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
  const online = truthy(input.online);
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
      const day = startsAt
        ? allDay
          ? allDayDate(startsAt)
          : utcToZoned(startsAt, timeZone).slice(0, 10)
        : undefined;
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
      slug === '' || slug.length > 200 ? undefined : await findPracticeRef(db, { slug });
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
      all_day: allDay ? 1 : 0,
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
