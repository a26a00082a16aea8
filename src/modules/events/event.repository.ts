import { type Insertable, sql, type Updateable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type {
  EventAgendaItemTable,
  EventDocumentTable,
  EventOrganisationTable,
  EventSpeakerTable,
  EventTable,
} from './event.table.ts';

export interface EventListFilter {
  when?: 'upcoming' | 'past';
  now: string;
  type?: string;
  q?: string;
}

function filtered(db: Db, filter: EventListFilter) {
  let query = db.selectFrom('events');
  // An all-day event holds midnight UTC of its last day: it is over once that day is, in UTC.
  const today = `${filter.now.slice(0, 10)}T00:00:00.000Z`;
  if (filter.when === 'upcoming')
    query = query.where((eb) =>
      eb.or([
        eb.and([eb('all_day', '=', 0), eb('ends_at', '>=', filter.now)]),
        eb.and([eb('all_day', '=', 1), eb('ends_at', '>=', today)]),
      ]),
    );
  if (filter.when === 'past')
    query = query.where((eb) =>
      eb.or([
        eb.and([eb('all_day', '=', 0), eb('ends_at', '<', filter.now)]),
        eb.and([eb('all_day', '=', 1), eb('ends_at', '<', today)]),
      ]),
    );
  if (filter.type) query = query.where('type', '=', filter.type);
  if (filter.q) {
    // lower() on both sides: LIKE ignores case on SQLite but not on PostgreSQL.
    const pattern = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(title)`, 'like', sql`${pattern} escape '\\'`),
        eb(sql`lower(description)`, 'like', sql`${pattern} escape '\\'`),
      ]),
    );
  }
  return query;
}

export async function countEvents(db: Db, filter: EventListFilter): Promise<number> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listEvents(db: Db, filter: EventListFilter, limit: number, offset: number) {
  // Upcoming events soonest first; past (and mixed) lists newest first.
  const direction = filter.when === 'upcoming' ? 'asc' : 'desc';
  return filtered(db, filter)
    .selectAll()
    .orderBy('starts_at', direction)
    .orderBy('id', direction)
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function findEventBySlug(db: Db, slug: string) {
  return db.selectFrom('events').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function findEventById(db: Db, id: number) {
  return db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function eventSlugExists(db: Db, slug: string): Promise<boolean> {
  return (
    (await db.selectFrom('events').select('id').where('slug', '=', slug).executeTakeFirst()) !==
    undefined
  );
}

export async function listTranslations(db: Db, eventIds: number[]) {
  if (eventIds.length === 0) return [];
  return db
    .selectFrom('event_translations')
    .selectAll()
    .where('event_id', 'in', eventIds)
    .execute();
}

export async function listOrganisationLinks(db: Db, eventIds: number[]) {
  if (eventIds.length === 0) return [];
  return db
    .selectFrom('event_organisations')
    .selectAll()
    .where('event_id', 'in', eventIds)
    .orderBy('event_id')
    .orderBy('position')
    .execute();
}

export async function listSpeakers(db: Db, eventId: number) {
  return db
    .selectFrom('event_speakers')
    .selectAll()
    .where('event_id', '=', eventId)
    .orderBy('position')
    .execute();
}

export async function listAgenda(db: Db, eventId: number) {
  return db
    .selectFrom('event_agenda_items')
    .selectAll()
    .where('event_id', '=', eventId)
    .orderBy('position')
    .execute();
}

export async function listDocuments(db: Db, eventId: number) {
  return db
    .selectFrom('event_documents')
    .selectAll()
    .where('event_id', '=', eventId)
    .orderBy('position')
    .execute();
}

export async function listPracticeIds(db: Db, eventId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('event_practices')
    .select('practice_id')
    .where('event_id', '=', eventId)
    .orderBy('position')
    .execute();
  return rows.map((r) => r.practice_id);
}

export async function insertEvent(db: Db, row: Insertable<EventTable>): Promise<number> {
  const inserted = await db
    .insertInto('events')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateEvent(db: Db, id: number, changes: Updateable<EventTable>) {
  await db.updateTable('events').set(changes).where('id', '=', id).execute();
}

/** Replaces the lists that belong to an event (organisations, speakers, agenda, documents). */
export async function replaceParts(
  db: Db,
  eventId: number,
  parts: {
    organisations: Omit<EventOrganisationTable, 'event_id'>[];
    speakers: Omit<EventSpeakerTable, 'event_id'>[];
    agenda: Omit<EventAgendaItemTable, 'event_id'>[];
    documents: Omit<EventDocumentTable, 'event_id'>[];
    practiceIds: number[];
  },
) {
  const tables = [
    'event_organisations',
    'event_speakers',
    'event_agenda_items',
    'event_documents',
    'event_practices',
  ] as const;
  for (const table of tables) await db.deleteFrom(table).where('event_id', '=', eventId).execute();
  const withEvent = <T>(rows: T[]) => rows.map((r) => ({ ...r, event_id: eventId }));
  if (parts.organisations.length > 0)
    await db.insertInto('event_organisations').values(withEvent(parts.organisations)).execute();
  if (parts.speakers.length > 0)
    await db.insertInto('event_speakers').values(withEvent(parts.speakers)).execute();
  if (parts.agenda.length > 0)
    await db.insertInto('event_agenda_items').values(withEvent(parts.agenda)).execute();
  if (parts.documents.length > 0)
    await db.insertInto('event_documents').values(withEvent(parts.documents)).execute();
  if (parts.practiceIds.length > 0)
    await db
      .insertInto('event_practices')
      .values(
        parts.practiceIds.map((practice_id, position) => ({
          event_id: eventId,
          practice_id,
          position,
        })),
      )
      .execute();
}

export async function upsertTranslation(
  db: Db,
  row: {
    event_id: number;
    locale: string;
    title: string | null;
    description: string | null;
    translated_on: string;
  },
) {
  await db
    .deleteFrom('event_translations')
    .where('event_id', '=', row.event_id)
    .where('locale', '=', row.locale)
    .execute();
  if (row.title !== null || row.description !== null)
    await db.insertInto('event_translations').values(row).execute();
}

export async function listChoices(db: Db) {
  return db
    .selectFrom('events')
    .select(['id', 'slug', 'title', 'starts_at'])
    .orderBy('starts_at', 'desc')
    .execute();
}

export async function listEventsOfOrganisation(db: Db, organisationId: number) {
  return db
    .selectFrom('events as e')
    .innerJoin('event_organisations as eo', 'eo.event_id', 'e.id')
    .selectAll('e')
    .select('eo.role as organisation_role')
    .where('eo.organisation_id', '=', organisationId)
    .orderBy('e.starts_at', 'desc')
    .execute();
}

export async function listAllEvents(db: Db, limit: number) {
  return db.selectFrom('events').selectAll().orderBy('starts_at', 'desc').limit(limit).execute();
}

export async function listEventSitemapEntries(
  db: Db,
): Promise<{ slug: string; updated_at: string }[]> {
  return db.selectFrom('events').select(['slug', 'updated_at']).orderBy('id').execute();
}

/** The events naming one organisation name another; an event naming both keeps its own line. */
export async function moveOrganisationLinks(db: Db, fromId: number, intoId: number) {
  await db
    .deleteFrom('event_organisations')
    .where('organisation_id', '=', fromId)
    .where(
      'event_id',
      'in',
      db.selectFrom('event_organisations').select('event_id').where('organisation_id', '=', intoId),
    )
    .execute();
  await db
    .updateTable('event_organisations')
    .set({ organisation_id: intoId })
    .where('organisation_id', '=', fromId)
    .execute();
}
