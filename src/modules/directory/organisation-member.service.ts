import type { Actor } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import {
  AppError,
  type FieldProblem,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../core/errors.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import { foldText, nowIso } from '../../core/text.ts';
import { hitThrottle } from '../../core/throttle.ts';
import { problem } from '../../core/validation.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import type { AccountDataSection } from '../accounts/index.ts';
import { checkEmail, findAccountByEmail, newToken, sha256 } from '../accounts/index.ts';
import { enqueueEmail } from '../jobs/index.ts';
import {
  findOrThrow,
  getOrganisation,
  MEMBER_ROLES,
  type MemberRole,
  rightsOf,
} from './organisation.service.ts';
import { userOf } from './organisation-editing.service.ts';
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

/** How long an invitation link works. */
export const INVITATION_DAYS = 14;
/** Invitations one organisation may send in a day: enough for a team, too few to pester anyone. */
export const INVITATIONS_DAILY = 30;
const DAY_MS = 24 * 3600_000;

/**
 * Invites a person, by the address of their account, to join with the role offered. The answer is
 * the same whether or not an account uses the address, or its owner is already a member or
 * invited: the form must not tell who has an account. Only an account's owner can accept (see
 * acceptInvitation), so nobody is enrolled, let alone made an admin, without consenting.
 */
export async function inviteMember(
  db: Db,
  actor: Actor,
  slug: string,
  input: { email?: unknown; role?: unknown },
): Promise<void> {
  const row = await findOrThrow(db, slug);
  if (!(await rightsOf(db, actor, row.id)).mayManageMembers) throw new ForbiddenError();
  const inviter = userOf(actor);
  const problems: FieldProblem[] = [];
  const role = typeof input.role === 'string' && input.role !== '' ? input.role : 'member';
  if (!(MEMBER_ROLES as readonly string[]).includes(role))
    problems.push({ field: 'role', message: 'must be member or admin', key: 'form.error.role' });
  const { email, problems: emailProblems } = checkEmail(input.email);
  problems.push(...emailProblems);
  if (problems.length > 0) throw new ValidationError(problems);
  const account = await findAccountByEmail(db, email);
  await write(
    db,
    actor,
    async ({ trx }) => {
      // Counted for every address, known or not, so the limit tells nothing either.
      const limit = await hitThrottle(trx, `invite:${row.id}`, INVITATIONS_DAILY, DAY_MS);
      if (!limit.allowed)
        throw new ValidationError(
          [
            problem(
              'email',
              'this organisation has sent as many invitations as allowed today',
              'organisation.error.invitationsRate',
            ),
          ],
          'invitations_rate_limited',
        );
      if (!account || (await members.findMembership(trx, row.id, account.id))) return null;
      const token = newToken();
      const now = new Date();
      // A new invitation replaces an open one: the latest role offered is the one accepted.
      await members.deleteOpenInvitations(trx, row.id, account.id);
      await members.insertInvitation(trx, {
        token_hash: sha256(token),
        organisation_id: row.id,
        user_id: account.id,
        role,
        invited_by: inviter,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + INVITATION_DAYS * DAY_MS).toISOString(),
        accepted_at: null,
      });
      await enqueueEmail(trx, {
        userId: account.id,
        kind: 'organisationInvitation',
        values: {
          inviter: actor.kind === 'user' ? actor.name : '',
          organisation: row.name,
          role,
          days: INVITATION_DAYS,
        },
        linkPath: `/account/invitations/${token}`,
      });
      return account.id;
    },
    {
      audit: (invited) =>
        invited === null
          ? null
          : {
              action: 'organisation.member_invited',
              subject: { type: 'organisation', id: row.id },
              details: { user_id: invited, role },
            },
    },
  );
}

export interface InvitationView {
  organisation: { slug: string; name: string };
  role: MemberRole;
  inviterName: string | null;
  expiresAt: string;
}

function invalidInvitation(): AppError {
  return new AppError(404, 'invitation_not_found', 'This invitation link cannot be used.', [
    {
      field: 'token',
      message: 'was already used, has expired or is mistyped',
      key: 'organisation.invitation.invalid',
    },
  ]);
}

/** The open invitation of a link, for the account it was sent to and nobody else. */
async function openInvitation(db: Db, actor: Actor, token: string) {
  const userId = userOf(actor);
  const row = /^[\w-]{20,100}$/.test(token)
    ? await members.findInvitation(db, sha256(token))
    : undefined;
  if (!row || row.accepted_at !== null || row.expires_at <= nowIso()) throw invalidInvitation();
  if (
    !can(actor, 'organisations.acceptInvitation', { id: row.organisation_id, ownerId: row.user_id })
  )
    throw new AppError(
      403,
      'invitation_for_another_account',
      'This invitation was sent to another account.',
      [
        {
          field: 'token',
          message: 'was sent to another account: sign in with the one that received it',
          key: 'organisation.invitation.otherAccount',
        },
      ],
    );
  return { ...row, userId };
}

/** What an invitation offers, for its page. */
export async function getInvitation(db: Db, actor: Actor, token: string): Promise<InvitationView> {
  const row = await openInvitation(db, actor, token);
  return {
    organisation: { slug: row.slug, name: row.name },
    role: row.role === 'admin' ? 'admin' : 'member',
    inviterName: row.inviter_name,
    expiresAt: row.expires_at,
  };
}

/** Accepts an invitation: its link works once, and membership starts now with the role offered. */
export async function acceptInvitation(
  db: Db,
  actor: Actor,
  token: string,
): Promise<{ slug: string }> {
  const row = await openInvitation(db, actor, token);
  const role = row.role === 'admin' ? 'admin' : 'member';
  await write(
    db,
    actor,
    async ({ trx }) => {
      const now = nowIso();
      if (!(await members.markInvitationAccepted(trx, row.token_hash, now)))
        throw invalidInvitation();
      if (!(await members.findMembership(trx, row.organisation_id, row.userId)))
        await members.insertMember(trx, {
          organisation_id: row.organisation_id,
          user_id: row.userId,
          role,
          listed: 0,
          joined_at: now,
        });
    },
    {
      audit: {
        action: 'organisation.member_added',
        subject: { type: 'organisation', id: row.organisation_id },
        details: { user_id: row.userId, role, by: 'invitation' },
      },
    },
  );
  return { slug: row.slug };
}

/**
 * Removes a member (those who manage members), or lets a member leave. The last admin stays while
 * other members remain (they would be left with nobody to manage them: make one an admin first);
 * alone, they may leave, and the organisation passes to the editors (see getOrganisationPage).
 */
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
      const others = (await members.listMembers(trx, row.id, { listedOnly: false })).filter(
        (m) => m.user_id !== userId,
      );
      if (target.role === 'admin' && others.length > 0 && !others.some((m) => m.role === 'admin'))
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
