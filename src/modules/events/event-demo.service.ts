import { ANONYMOUS } from '../../core/actor.ts';
import { ValidationError } from '../../core/errors.ts';
import { LOCALES } from '../../core/i18n/locales.ts';
import { nowIso } from '../../core/text.ts';
import { addShippedTranslations, checkTranslation } from '../../core/translation.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import { findOrganisationsByIds, resolveOrganisation } from '../directory/index.ts';
import { type CheckedEvent, checkEvent, type EventInput } from './event.checks.ts';
import { endOf, ORGANISATION_ROLES } from './event.model.ts';
import * as repo from './event.repository.ts';
import { eventTranslations } from './event.service.ts';

/**
 * Real past events on cities and migration (content/demo-events.json), loaded with the demo
 * content so the past-events list, calendars and organisation pages show more than the founding
 * roundtable. Each record goes through the editor's checks; a bad one stops the start naming the
 * file, the record and the field, before anything is written.
 */

export interface DemoEventOrganisation {
  name: string;
  type: string;
  website?: string | null;
  /** ISO 3166 alpha-2, for a national or local body; none for an international one. */
  country?: string | null;
  role: string;
}

/** One record of the file: an editor's input, plus what a form cannot say. */
export interface DemoEvent
  extends Omit<EventInput, 'organisations' | 'documents' | 'speakers' | 'agenda' | 'practices'> {
  /** The event's address on the site, and what makes loading it twice a no-op. */
  slug: string;
  organisations: DemoEventOrganisation[];
  /** The organiser's public page that the facts come from. */
  source: { title: string; url: string };
  translations: Partial<Record<string, { title: string; description: string }>>;
}

export interface DemoEvents {
  /** The day the translations were made (YYYY-MM-DD), shown with each. */
  translatedOn: string;
  events: DemoEvent[];
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function inputOf(record: DemoEvent, organisations: EventInput['organisations']): EventInput {
  const input: EventInput = { ...record };
  for (const key of ['slug', 'source', 'translations'])
    delete (input as Record<string, unknown>)[key];
  return {
    ...input,
    organisations,
    documents: [{ title: record.source?.title, url: record.source?.url }],
  };
}

/** Every rule a record must meet that the editor's checks cannot see; problems by field. */
function recordProblems(record: DemoEvent, seen: Set<string>) {
  const problems: { field: string; message: string }[] = [];
  if (typeof record.slug !== 'string' || !SLUG.test(record.slug) || record.slug.length > 200)
    problems.push({ field: 'slug', message: 'must be lower-case words joined by hyphens' });
  else if (seen.has(record.slug)) problems.push({ field: 'slug', message: 'is used twice' });
  if (!/^https:\/\//.test(String(record.source?.url ?? '')))
    problems.push({ field: 'source.url', message: 'must be an https address' });
  const organisations = Array.isArray(record.organisations) ? record.organisations : [];
  if (organisations.length === 0)
    problems.push({ field: 'organisations', message: 'name at least one organisation' });
  for (const [i, o] of organisations.entries()) {
    if (typeof o?.name !== 'string' || o.name.trim() === '')
      problems.push({ field: `organisations[${i}].name`, message: 'is required' });
    if (!(ORGANISATION_ROLES as readonly string[]).includes(String(o?.role)))
      problems.push({
        field: `organisations[${i}].role`,
        message: 'must be organiser, co-sponsor or partner',
      });
  }
  for (const locale of LOCALES) {
    if (locale === record.language) continue;
    const translation = record.translations?.[locale];
    if (!translation) {
      problems.push({ field: `translations.${locale}`, message: 'is missing' });
      continue;
    }
    try {
      checkTranslation(eventTranslations, String(record.language), locale, translation);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      for (const p of error.details)
        problems.push({ field: `translations.${locale}.${p.field}`, message: p.message });
    }
  }
  return problems;
}

/**
 * Checks every record of the file, then adds the events that are missing (by slug) with their
 * organisations and translations; an event already there is left as an editor may have changed
 * it. Returns the slugs added.
 */
export async function loadDemoEvents(
  db: Db,
  content: DemoEvents,
  fileName = 'content/demo-events.json',
): Promise<string[]> {
  const fail = (index: number, record: DemoEvent | undefined, field: string, message: string) =>
    new Error(
      `${fileName}: record ${index + 1}${record?.slug ? ` (${record.slug})` : ''}: ${field} ${message}`,
    );
  if (!/^\d{4}-\d{2}-\d{2}$/.test(String(content?.translatedOn)))
    throw new Error(`${fileName}: translatedOn must be a date such as 2026-12-07`);
  const records = Array.isArray(content?.events) ? content.events : [];
  if (records.length === 0) throw new Error(`${fileName}: events must list at least one event`);

  // First every record through the editor's checks (without the organisations, which may not be
  // in the directory yet), so a bad file writes nothing.
  const now = nowIso();
  const seen = new Set<string>();
  for (const [index, record] of records.entries()) {
    const first = recordProblems(record, seen)[0];
    if (first) throw fail(index, record, first.field, first.message);
    seen.add(record.slug);
    let checked: CheckedEvent;
    try {
      checked = await checkEvent(db, inputOf(record, []));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const p = error.details[0];
      throw fail(index, record, p?.field ?? 'record', p?.message ?? error.message);
    }
    // A record of the past: it must never show among the coming events.
    const over = endOf({ endsAt: checked.row.ends_at, allDay: checked.row.all_day === 1 });
    if (over > now) throw fail(index, record, 'ends_at', 'must be in the past');
  }

  const added: string[] = [];
  for (const [index, record] of records.entries()) {
    if (await repo.findEventBySlug(db, record.slug)) continue;
    const organisations: { organisation: string; role: string }[] = [];
    for (const o of record.organisations) {
      const id = await resolveOrganisation(db, {
        name: o.name,
        type: o.type || null,
        website: o.website ?? null,
        countryCode: o.country ?? null,
        cityId: null,
      });
      const [found] = await findOrganisationsByIds(db, [id]);
      if (found) organisations.push({ organisation: found.slug, role: o.role });
    }
    let checked: CheckedEvent;
    try {
      checked = await checkEvent(db, inputOf(record, organisations));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const p = error.details[0];
      throw fail(index, record, p?.field ?? 'record', p?.message ?? error.message);
    }
    const stamp = nowIso();
    // Recorded as the system's doing, like the founding roundtable: no person added it.
    await write(
      db,
      ANONYMOUS,
      async ({ trx }) => {
        const id = await repo.insertEvent(trx, {
          ...checked.row,
          slug: record.slug,
          created_by: null,
          created_at: stamp,
          updated_at: stamp,
        });
        await repo.replaceParts(trx, id, checked);
        return id;
      },
      {
        audit: (id) => ({
          action: 'event.created',
          subject: { type: 'event', id },
          details: { slug: record.slug },
        }),
        contentChanged: true,
      },
    );
    await addShippedTranslations(
      db,
      eventTranslations,
      record.slug,
      record.translations,
      content.translatedOn,
      async (trx, row) => (await repo.listTranslations(trx, [row.id])).map((t) => t.locale),
    );
    added.push(record.slug);
  }
  return added;
}
