import { type Actor, can } from '../../core/authz.ts';
import {
  type FieldProblem,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../core/errors.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import { foldText, nowIso } from '../../core/text.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import type { AccountDataSection } from '../accounts/account.ports.ts';
import { findAccountByEmail } from '../accounts/profile.service.ts';
import {
  findOrThrow,
  getOrganisation,
  MEMBER_ROLES,
  type MemberRole,
  rightsOf,
  userOf,
} from './organisation.service.ts';
import * as members from './organisation-member.repository.ts';

/**
 * The members of an organisation: who sees them, who adds and removes them, each member's choice
 * to be named on the profile, and the memberships in the copy of one's account data. Who may do
 * what is decided by the organisation's rights (organisation.service.ts).
 */

export interface MemberView {
  userId: number;
  name: string;
  role: MemberRole;
  listed: boolean;
  joinedAt: string;
}

/** The members page: everyone for those who manage them, only oneself for other members. */
export async function getMembership(db: Db, actor: Actor, locale: Locale, slug: string) {
  const organisation = await getOrganisation(db, locale, slug);
  const rights = await rightsOf(db, actor, organisation.id);
  if (!rights.mayManageMembers && !rights.membership) throw new ForbiddenError();
  const rows = await members.listMembers(db, organisation.id, { listedOnly: false });
  const all: MemberView[] = rows.map((m) => ({
    userId: m.user_id,
    name: m.name,
    role: m.role === 'admin' ? 'admin' : 'member',
    listed: m.listed === 1,
    joinedAt: m.joined_at,
  }));
  const self = actor.kind === 'user' ? actor.id : -1;
  return {
    organisation,
    rights,
    members: rights.mayManageMembers ? all : all.filter((m) => m.userId === self),
  };
}

/** Adds a person by the address of their account; the address is not kept or shown back. */
export async function addMember(
  db: Db,
  actor: Actor,
  slug: string,
  input: { email?: unknown; role?: unknown },
): Promise<{ name: string }> {
  const row = await findOrThrow(db, slug);
  if (!(await rightsOf(db, actor, row.id)).mayManageMembers) throw new ForbiddenError();
  const problems: FieldProblem[] = [];
  const role = typeof input.role === 'string' && input.role !== '' ? input.role : 'member';
  if (!(MEMBER_ROLES as readonly string[]).includes(role))
    problems.push({ field: 'role', message: 'must be member or admin', key: 'form.error.role' });
  const email = typeof input.email === 'string' ? input.email.trim() : '';
  let account: { id: number; name: string } | undefined;
  if (email === '')
    problems.push({ field: 'email', message: 'is required', key: 'form.error.required' });
  else {
    account = await findAccountByEmail(db, email);
    if (!account)
      problems.push({
        field: 'email',
        message: 'no confirmed account uses this address',
        key: 'organisation.error.noAccount',
      });
    else if (await members.findMembership(db, row.id, account.id))
      problems.push({
        field: 'email',
        message: 'this person is already a member',
        key: 'organisation.error.alreadyMember',
      });
  }
  if (problems.length > 0 || !account) throw new ValidationError(problems);
  const added = account;
  await write(
    db,
    actor,
    ({ trx }) =>
      members.insertMember(trx, {
        organisation_id: row.id,
        user_id: added.id,
        role,
        listed: 0,
        joined_at: nowIso(),
      }),
    {
      audit: {
        action: 'organisation.member_added',
        subject: { type: 'organisation', id: row.id },
        details: { user_id: added.id, role },
      },
    },
  );
  return { name: added.name };
}

/** Removes a member (those who manage members), or lets a member leave; never the last admin. */
export async function removeMember(
  db: Db,
  actor: Actor,
  slug: string,
  userId: number,
): Promise<void> {
  const row = await findOrThrow(db, slug);
  const rights = await rightsOf(db, actor, row.id);
  const leaving = actor.kind === 'user' && actor.id === userId && rights.membership !== null;
  if (!rights.mayManageMembers && !leaving) throw new ForbiddenError();
  const target = await members.findMembership(db, row.id, userId);
  if (!target) throw new NotFoundError('member_not_found', 'This person is not a member.');
  await write(
    db,
    actor,
    async ({ trx }) => {
      if (target.role === 'admin' && (await members.countAdminMembers(trx, row.id)) <= 1)
        throw new ValidationError([
          {
            field: 'members',
            message: 'the last admin cannot leave: make another member an admin first',
            key: 'organisation.error.lastAdmin',
          },
        ]);
      await members.deleteMember(trx, row.id, userId);
    },
    {
      audit: {
        action: 'organisation.member_removed',
        subject: { type: 'organisation', id: row.id },
        details: { user_id: userId },
      },
    },
  );
}

/** A member's own choice to be named on the public profile. */
export async function setMemberListing(
  db: Db,
  actor: Actor,
  slug: string,
  listed: boolean,
): Promise<void> {
  const row = await findOrThrow(db, slug);
  const userId = userOf(actor);
  if (!(await members.findMembership(db, row.id, userId))) throw new ForbiddenError();
  await write(db, actor, ({ trx }) => members.updateMemberListing(trx, row.id, userId, listed), {
    audit: {
      action: 'organisation.member_listing',
      subject: { type: 'organisation', id: row.id },
      details: { listed },
    },
  });
}

/** The organisations each of these people belongs to, by user id (absent: none). */
export async function listMemberships(
  db: Db,
  userIds: number[],
): Promise<Map<number, Set<number>>> {
  const byUser = new Map<number, Set<number>>();
  for (const row of await members.listMembershipPairs(db, [...new Set(userIds)])) {
    const set = byUser.get(row.user_id) ?? new Set<number>();
    set.add(row.organisation_id);
    byUser.set(row.user_id, set);
  }
  return byUser;
}

/**
 * The organisation a person named (its slug, or its name with case and accents ignored), if
 * they are one of its members: what lets them speak for it elsewhere on the site.
 */
export async function findOwnOrganisation(
  db: Db,
  userId: number,
  reference: string,
): Promise<{ id: number; slug: string; name: string } | undefined> {
  const text = reference.trim();
  if (text === '') return undefined;
  return members.findOwnOrganisationBySlugOrKey(db, userId, text, foldText(text));
}

/** The organisations a person belongs to, for the copy of their data. */
export async function exportOwnMemberships(db: Db, actor: Actor) {
  if (actor.kind !== 'user' || !can(actor, 'account.manage', { id: actor.id })) return [];
  return (await members.listMembershipsOfUser(db, actor.id)).map((m) => ({
    organisation: m.name,
    url_path: `/organisations/${m.slug}`,
    role: m.role,
    named_on_profile: m.listed === 1,
    joined_at: m.joined_at,
  }));
}

/** The memberships, in the copy of one's account data. */
export const membershipsDataSection: AccountDataSection = {
  key: 'organisations',
  gather: (db, actor) => exportOwnMemberships(db, actor),
};
