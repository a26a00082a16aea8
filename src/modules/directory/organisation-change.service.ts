import type { Actor } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import { ForbiddenError, NotFoundError } from '../../core/errors.ts';
import { isLocale, type Locale } from '../../core/i18n/locales.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import { getPlaceIndex } from '../places/index.ts';
import { getTaxonomy } from '../taxonomy/index.ts';
import * as organisations from './organisation.repository.ts';
import { findOrThrow, getOrganisationPage, type ListedRow } from './organisation.service.ts';
import * as changes from './organisation-change.repository.ts';
import { applyProfile, type CheckedOrganisation } from './organisation-editing.service.ts';

/**
 * The changes members propose to organisations that published practices name, as editors and
 * members see them, and the editors' decision on each. The change itself is held by
 * editOrganisation (organisation-editing.service.ts).
 */

export type ChangedField = 'name' | 'type' | 'country' | 'city' | 'website' | 'description';

export interface PendingChangeView {
  organisation: { slug: string; name: string };
  proposedBy: string | null;
  proposedAt: string;
  /** Only what differs from the profile as it stands, in words (labels, not codes). */
  fields: {
    field: ChangedField;
    locale?: Locale;
    current: string | null;
    proposed: string | null;
  }[];
}

/** The stored profile, read defensively: a row written by an older version may lack a field. */
function parseChange(text: string): CheckedOrganisation | undefined {
  try {
    const v = JSON.parse(text) as Partial<CheckedOrganisation>;
    if (typeof v.name !== 'string' || typeof v.type !== 'string') return undefined;
    const orNull = (x: unknown) => (typeof x === 'string' ? x : null);
    return {
      name: v.name,
      type: v.type,
      countryCode: orNull(v.countryCode),
      city: orNull(v.city),
      website: orNull(v.website),
      descriptions: (Array.isArray(v.descriptions) ? v.descriptions : []).filter(
        (d): d is [Locale, string] =>
          Array.isArray(d) && isLocale(d[0]) && typeof d[1] === 'string',
      ),
    };
  } catch {
    return undefined;
  }
}

async function describe(
  db: Db,
  locale: Locale,
  row: ListedRow,
  stored: NonNullable<Awaited<ReturnType<typeof changes.findChange>>>,
): Promise<PendingChangeView | null> {
  const proposed = parseChange(stored.changes);
  if (!proposed) return null;
  const [taxonomy, places, descriptionRows] = await Promise.all([
    getTaxonomy(db, locale),
    getPlaceIndex(db, locale),
    organisations.listDescriptions(db, row.id),
  ]);
  const typeLabel = (id: string | null) => (id ? taxonomy.label('actor-type', id) : null);
  const countryName = (code: string | null) => (code ? (places.country(code)?.name ?? code) : null);
  const fields: PendingChangeView['fields'] = [];
  const compare = (field: ChangedField, current: string | null, next: string | null) => {
    if ((current ?? '') !== (next ?? '')) fields.push({ field, current, proposed: next });
  };
  compare('name', row.name, proposed.name);
  if (row.type !== proposed.type)
    fields.push({
      field: 'type',
      current: typeLabel(row.type),
      proposed: typeLabel(proposed.type),
    });
  if (row.country_code !== proposed.countryCode)
    fields.push({
      field: 'country',
      current: countryName(row.country_code),
      proposed: countryName(proposed.countryCode),
    });
  compare('city', row.city_name, proposed.city);
  compare('website', row.website, proposed.website);
  const descriptions = new Map(descriptionRows.map((d) => [d.locale, d.description]));
  for (const [language, text] of proposed.descriptions) {
    const current = descriptions.get(language) ?? null;
    if ((current ?? '') !== text)
      fields.push({ field: 'description', locale: language, current, proposed: text || null });
  }
  return {
    organisation: { slug: row.slug, name: row.name },
    proposedBy: stored.name,
    proposedAt: stored.created_at,
    fields,
  };
}

/** The change waiting for an organisation, for its members and the editors; null otherwise. */
async function pendingChangeFor(
  db: Db,
  locale: Locale,
  row: ListedRow,
): Promise<PendingChangeView | null> {
  const stored = await changes.findChange(db, row.id);
  return stored ? describe(db, locale, row, stored) : null;
}

/**
 * The profile page, with the change waiting when the reader may edit the organisation (its
 * members see their change is waiting; editors decide on it there).
 */
export async function getOrganisationPageView(db: Db, actor: Actor, locale: Locale, slug: string) {
  const view = await getOrganisationPage(db, actor, locale, slug);
  const pendingChange =
    view.rights.mayEdit || can(actor, 'organisations.curate')
      ? await pendingChangeFor(db, locale, await findOrThrow(db, slug))
      : null;
  return {
    ...view,
    pendingChange,
    mayCurate: can(actor, 'organisations.curate'),
  };
}

/** Every change waiting, oldest first (editors). */
export async function listPendingChanges(
  db: Db,
  actor: Actor,
  locale: Locale,
): Promise<PendingChangeView[]> {
  if (!can(actor, 'organisations.curate')) throw new ForbiddenError();
  const views: PendingChangeView[] = [];
  for (const { slug } of await changes.listChanges(db)) {
    const view = await pendingChangeFor(db, locale, await findOrThrow(db, slug));
    if (view) views.push(view);
  }
  return views;
}

function noChange(): NotFoundError {
  return new NotFoundError(
    'organisation_change_not_found',
    'No change to this organisation is waiting for approval.',
  );
}

/** Approves the change waiting: it is written over the profile as it now stands. */
export async function approveChange(db: Db, actor: Actor, slug: string): Promise<void> {
  if (!can(actor, 'organisations.curate')) throw new ForbiddenError();
  const row = await findOrThrow(db, slug);
  const stored = await changes.findChange(db, row.id);
  const values = stored ? parseChange(stored.changes) : undefined;
  if (!stored || !values) throw noChange();
  await write(
    db,
    actor,
    async ({ trx }) => {
      if (!(await changes.deleteChange(trx, row.id))) throw noChange();
      await applyProfile(trx, row, values);
    },
    {
      audit: {
        action: 'organisation.change_approved',
        subject: { type: 'organisation', id: row.id },
        details: { proposed_by: stored.proposed_by },
      },
      contentChanged: true,
    },
  );
}

/** Rejects the change waiting: the profile stays as it is. */
export async function rejectChange(db: Db, actor: Actor, slug: string): Promise<void> {
  if (!can(actor, 'organisations.curate')) throw new ForbiddenError();
  const row = await findOrThrow(db, slug);
  const stored = await changes.findChange(db, row.id);
  if (!stored) throw noChange();
  await write(
    db,
    actor,
    async ({ trx }) => {
      if (!(await changes.deleteChange(trx, row.id))) throw noChange();
    },
    {
      audit: {
        action: 'organisation.change_rejected',
        subject: { type: 'organisation', id: row.id },
        details: { proposed_by: stored.proposed_by },
      },
    },
  );
}
