import type { Actor } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import { type FieldProblem, ForbiddenError, ValidationError } from '../../core/errors.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import { foldText } from '../../core/text.ts';
import { problem, readText } from '../../core/validation.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import { moveAccountsToOrganisation } from '../accounts/index.ts';
import * as organisations from './organisation.repository.ts';
import { findOrThrow, getOrganisation, type OrganisationProfile } from './organisation.service.ts';
import * as changes from './organisation-change.repository.ts';
import * as members from './organisation-member.repository.ts';
import { organisationMovers } from './organisation-merge.ts';

/**
 * An editor merges a duplicate organisation into another: everything that named the duplicate
 * names the other from then on, and the duplicate is removed. It undoes a name taken first in the
 * directory as well as a plain double entry.
 */

/** The organisation to merge, for the form that asks into which. */
export async function getMergeForm(
  db: Db,
  actor: Actor,
  locale: Locale,
  slug: string,
): Promise<OrganisationProfile> {
  if (!can(actor, 'organisations.curate')) throw new ForbiddenError();
  return getOrganisation(db, locale, slug);
}

/**
 * Merges the organisation of `slug` into the one named in `into` (its address or its name): its
 * practices, events, news, descriptions in other languages, the people and accounts naming it,
 * its followers and its members move over; a change waiting for it and its open invitations are
 * dropped. The one kept keeps its own profile, mark and administrators.
 */
export async function mergeOrganisation(
  db: Db,
  actor: Actor,
  slug: string,
  input: { into?: unknown },
): Promise<{ slug: string }> {
  if (!can(actor, 'organisations.curate')) throw new ForbiddenError();
  const problems: FieldProblem[] = [];
  const reference = readText(problems, 'into', input.into, {
    max: 200,
    required: true,
    singleLine: true,
  });
  if (reference === null) throw new ValidationError(problems);
  // Both are read in the transaction that merges them, so that neither can have been merged
  // away by another editor in between.
  const merged = await write(
    db,
    actor,
    async ({ trx }) => {
      const from = await findOrThrow(trx, slug);
      const into = await findTarget(trx, reference);
      if (into === 'none')
        throw new ValidationError([
          problem(
            'into',
            'is not an organisation in the directory',
            'organisation.error.mergeTarget',
          ),
        ]);
      if (into === 'several')
        throw new ValidationError([
          problem('into', 'names several organisations', 'organisation.error.mergeSeveral'),
        ]);
      if (into.id === from.id)
        throw new ValidationError([
          problem('into', 'is this same organisation', 'organisation.error.mergeSelf'),
        ]);
      for (const move of organisationMovers()) await move(trx, from.id, into.id);
      await moveAccountsToOrganisation(trx, from.id, into.id);
      await members.moveMembers(trx, from.id, into.id);
      await organisations.moveDescriptions(trx, from.id, into.id);
      await changes.deleteChange(trx, from.id);
      await organisations.deleteOrganisation(trx, from.id);
      return { from, into };
    },
    {
      audit: ({ from, into }) => ({
        action: 'organisation.merged',
        subject: { type: 'organisation', id: into.id },
        details: { merged_id: from.id, merged_slug: from.slug, merged_name: from.name },
      }),
      // Practices, events and news now name the organisation kept.
      contentChanged: true,
    },
  );
  return { slug: merged.into.slug };
}

/**
 * The organisation to keep, from its address (a full link or its slug) or its exact name. A name
 * two organisations share (in different countries) picks neither: a merge cannot be undone.
 */
async function findTarget(
  db: Db,
  reference: string,
): Promise<{ id: number; slug: string } | 'none' | 'several'> {
  const slug = reference.replace(/^.*\/organisations\//, '').replace(/[?#].*$|\/+$/g, '');
  const bySlug = await organisations.findOrganisationBySlug(db, slug);
  if (bySlug) return bySlug;
  const byName = await organisations.listOrganisationsByNameKey(db, foldText(reference), 2);
  if (byName.length > 1) return 'several';
  return byName[0] ?? 'none';
}
