import { type Actor, ANONYMOUS } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import {
  AppError,
  type FieldProblem,
  ForbiddenError,
  NotFoundError,
  TooManyRequestsError,
  ValidationError,
} from '../../core/errors.ts';
import { localePath } from '../../core/http/locale.ts';
import { isLocale } from '../../core/i18n/locales.ts';
import { composeEmail } from '../../core/mail/compose.ts';
import type { Mailer } from '../../core/mail/mailer.ts';
import { nowIso } from '../../core/text.ts';
import { hitThrottle } from '../../core/throttle.ts';
import { problem, readText, readWebAddress } from '../../core/validation.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import { checkEmail, newToken, sha256 } from '../accounts/index.ts';
import { enqueueEmail, enqueueJob, type JobHandler } from '../jobs/index.ts';
import { findOrThrow } from './organisation.service.ts';
import * as claims from './organisation-claim.repository.ts';
import * as members from './organisation-member.repository.ts';

/**
 * Asking to manage an organisation: a signed-in person gives their role, an address at the
 * organisation's domain (confirmed by a link sent to it) and an optional note; an editor approves
 * or refuses. Approval makes them its admin and gives the organisation the verified mark. This is
 * how an organisation created from a practice's name, with nobody in it, finds its people.
 */

/** Claims one person may send in a day: enough for a few organisations, too few to spam editors. */
export const CLAIMS_DAILY = 5;
export const ROLE_TITLE_MAX = 200;
export const NOTE_MAX = 2000;
export const REASON_MAX = 2000;
const DAY_MS = 24 * 3600_000;
export const CLAIM_EMAIL_JOB = 'organisation.claimEmail';

export interface ClaimInput {
  role_title?: unknown;
  email?: unknown;
  note?: unknown;
  link?: unknown;
}

/** The host of a web address without its "www.", lower case; null when it has none. */
function siteDomain(website: string | null): string | null {
  if (!website) return null;
  try {
    return new URL(website).hostname.toLowerCase().replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

/**
 * Whether an address is at the organisation's domain: the site's own, a subdomain of it, or the
 * domain the site is a subdomain of (a site at portal.lisboa.pt, an address at lisboa.pt).
 */
export function isAtDomain(email: string, domain: string): boolean {
  const at = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return (
    at === domain || at.endsWith(`.${domain}`) || (domain.endsWith(`.${at}`) && at.includes('.'))
  );
}

function claimant(actor: Actor): number {
  if (actor.kind !== 'user' || !can(actor, 'organisations.claim')) throw new ForbiddenError();
  return actor.id;
}

/** What the claim form needs to know: who may claim, and whether they already did. */
export async function getClaimForm(db: Db, actor: Actor, slug: string) {
  const row = await findOrThrow(db, slug);
  const userId = claimant(actor);
  const [membership, open] = await Promise.all([
    members.findMembership(db, row.id, userId),
    claims.findOpenClaim(db, row.id, userId),
  ]);
  return {
    organisation: { slug: row.slug, name: row.name, website: row.website },
    domain: siteDomain(row.website),
    alreadyAdmin: membership?.role === 'admin',
    pending: open !== undefined,
  };
}

/**
 * Records a claim and sends the confirmation link to the address given. Refused for the
 * organisation's admins, a second open claim, and past CLAIMS_DAILY claims in a day. The
 * organisation's admins, if any, hear of it: a claim concerns them.
 */
export async function requestClaim(
  db: Db,
  actor: Actor,
  slug: string,
  input: ClaimInput,
): Promise<{ id: number }> {
  const userId = claimant(actor);
  const row = await findOrThrow(db, slug);
  const problems: FieldProblem[] = [];
  const roleTitle = readText(problems, 'role_title', input.role_title, {
    max: ROLE_TITLE_MAX,
    required: true,
    singleLine: true,
  });
  const { email, problems: emailProblems } = checkEmail(input.email);
  problems.push(...emailProblems);
  const domain = siteDomain(row.website);
  if (emailProblems.length === 0 && domain !== null && !isAtDomain(email, domain))
    problems.push({
      field: 'email',
      message: `must be an address at ${domain}, the domain of the organisation's website`,
      key: 'organisation.claim.error.domain',
      values: { domain },
    });
  const note = readText(problems, 'note', input.note, { max: NOTE_MAX });
  const link = readWebAddress(problems, 'link', input.link);
  if (problems.length > 0) throw new ValidationError(problems);
  const membership = await members.findMembership(db, row.id, userId);
  if (membership?.role === 'admin')
    throw new ValidationError(
      [
        problem(
          'role_title',
          'you already manage this organisation',
          'organisation.claim.error.admin',
        ),
      ],
      'already_admin',
    );
  return write(
    db,
    actor,
    async ({ trx }) => {
      if (await claims.findOpenClaim(trx, row.id, userId))
        throw new AppError(409, 'claim_pending', 'You already asked to manage this organisation.', [
          problem(
            'role_title',
            'you already asked; an editor will answer',
            'organisation.claim.error.pending',
          ),
        ]);
      const limit = await hitThrottle(trx, `claim:${userId}`, CLAIMS_DAILY, DAY_MS);
      if (!limit.allowed)
        throw new TooManyRequestsError(limit.retryAfterSeconds, [
          problem('role_title', 'too many requests today', 'organisation.claim.error.rate'),
        ]);
      const now = nowIso();
      const id = await claims.insertClaim(trx, {
        organisation_id: row.id,
        user_id: userId,
        role_title: roleTitle ?? '',
        email,
        note: [note, link].filter((x) => x !== null).join('\n') || null,
        state: 'pending',
        email_token_hash: null,
        email_confirmed_at: null,
        created_at: now,
        decided_at: null,
        decided_by: null,
        reason: null,
      });
      // The address is not an account's: the job sends to the claim's own. Its token is made
      // when the job runs, so the queue holds neither a secret nor an address.
      await enqueueJob(trx, { kind: CLAIM_EMAIL_JOB, payload: { claimId: id } });
      const admins = (await members.listMembers(trx, row.id, { listedOnly: false }))
        .filter((m) => m.role === 'admin')
        .map((m) => m.user_id);
      for (const admin of admins)
        await enqueueEmail(trx, {
          userId: admin,
          kind: 'organisationClaimToAdmins',
          values: { claimant: actor.kind === 'user' ? actor.name : '', organisation: row.name },
          linkPath: `/organisations/${row.slug}/members`,
        });
      return { id };
    },
    {
      audit: ({ id }) => ({
        action: 'organisation.claim_requested',
        subject: { type: 'organisation', id: row.id },
        details: { claim_id: id },
      }),
    },
  );
}

/**
 * Sends the confirmation link of a claim to the address it gives, in the claimant's language;
 * only the hash of its token is kept. Not idempotent: after a crash mid-send, no second email.
 */
export function claimEmailHandler(
  outbox: () => { mailer: Mailer; publicUrl: string },
): JobHandler<{ claimId: number }> {
  return async (payload, { db }) => {
    const claim = await claims.findClaim(db, payload.claimId);
    if (claim?.state !== 'pending' || claim.email_confirmed_at !== null) return;
    const token = newToken();
    await claims.updateClaim(db, claim.id, 'pending', { email_token_hash: sha256(token) });
    const { mailer, publicUrl } = outbox();
    const locale = isLocale(claim.user_locale) ? claim.user_locale : 'en';
    await mailer.send(
      composeEmail(locale, 'organisationClaimConfirm', claim.email, {
        name: claim.user_name,
        organisation: claim.name,
        link: `${publicUrl}${localePath(locale, `/account/claims/${token}`)}`,
      }),
    );
  };
}

/** The confirmation link of a claim's address: it works once. */
export async function confirmClaimEmail(
  db: Db,
  token: string,
): Promise<{ slug: string; name: string }> {
  const claim = /^[\w-]{20,100}$/.test(token)
    ? await claims.findClaimByTokenHash(db, sha256(token))
    : undefined;
  if (claim?.state !== 'pending')
    throw new NotFoundError('claim_link_invalid', 'This confirmation link cannot be used.');
  await write(
    db,
    ANONYMOUS,
    async ({ trx }) => {
      await claims.updateClaim(trx, claim.id, 'pending', {
        email_confirmed_at: nowIso(),
        email_token_hash: null,
      });
    },
    {
      audit: {
        action: 'organisation.claim_email_confirmed',
        subject: { type: 'organisation_claim', id: claim.id },
      },
    },
  );
  return { slug: claim.slug, name: claim.name };
}

export interface PendingClaim {
  id: number;
  organisation: { slug: string; name: string; website: string | null; verified: boolean };
  claimant: string;
  roleTitle: string;
  email: string;
  emailConfirmed: boolean;
  /** Whether the address was checked against the organisation's website (it has one). */
  domainChecked: boolean;
  note: string | null;
  createdAt: string;
}

function curator(actor: Actor): number {
  if (actor.kind !== 'user' || !can(actor, 'organisations.curate')) throw new ForbiddenError();
  return actor.id;
}

export async function listPendingClaims(db: Db, actor: Actor): Promise<PendingClaim[]> {
  curator(actor);
  return (await claims.listPendingClaims(db)).map((c) => ({
    id: c.id,
    organisation: {
      slug: c.slug,
      name: c.name,
      website: c.website,
      verified: c.verified_at !== null,
    },
    claimant: c.user_name,
    roleTitle: c.role_title,
    email: c.email,
    emailConfirmed: c.email_confirmed_at !== null,
    domainChecked: siteDomain(c.website) !== null,
    note: c.note,
    createdAt: c.created_at,
  }));
}

export { countPendingClaims } from './organisation-claim.repository.ts';

/** One claim waiting, for the refusal form. */
export async function getPendingClaim(db: Db, actor: Actor, id: number): Promise<PendingClaim> {
  const claim = (await listPendingClaims(db, actor)).find((c) => c.id === id);
  if (!claim) throw new NotFoundError('claim_not_found', 'No claim waits with this number.');
  return claim;
}

async function pendingClaim(db: Db, id: number) {
  const claim = await claims.findClaim(db, id);
  if (claim?.state !== 'pending')
    throw new NotFoundError('claim_not_found', 'No claim waits with this number.');
  return claim;
}

/**
 * Approves a claim: the claimant becomes the organisation's admin, the organisation gets the
 * verified mark if it had none, and the claimant is told.
 */
export async function approveClaim(db: Db, actor: Actor, id: number): Promise<{ slug: string }> {
  const editor = curator(actor);
  const claim = await pendingClaim(db, id);
  await write(
    db,
    actor,
    async ({ trx }) => {
      const now = nowIso();
      if (
        !(await claims.updateClaim(trx, id, 'pending', {
          state: 'approved',
          decided_at: now,
          decided_by: editor,
        }))
      )
        throw new NotFoundError('claim_not_found', 'No claim waits with this number.');
      const membership = await members.findMembership(trx, claim.organisation_id, claim.user_id);
      if (membership)
        await members.updateMemberRole(trx, claim.organisation_id, claim.user_id, 'admin');
      else
        await members.insertMember(trx, {
          organisation_id: claim.organisation_id,
          user_id: claim.user_id,
          role: 'admin',
          listed: 0,
          joined_at: now,
        });
      await claims.setVerified(trx, claim.organisation_id, now, editor);
      await enqueueEmail(trx, {
        userId: claim.user_id,
        kind: 'organisationClaimApproved',
        values: { organisation: claim.name },
        linkPath: `/organisations/${claim.slug}`,
      });
    },
    {
      audit: {
        action: 'organisation.claim_approved',
        subject: { type: 'organisation', id: claim.organisation_id },
        details: { claim_id: id, user_id: claim.user_id, verified: claim.verified_at === null },
      },
    },
  );
  return { slug: claim.slug };
}

/** Refuses a claim with a reason the claimant is told; nothing else changes. */
export async function refuseClaim(
  db: Db,
  actor: Actor,
  id: number,
  input: { reason?: unknown },
): Promise<void> {
  const editor = curator(actor);
  const problems: FieldProblem[] = [];
  const reason = readText(problems, 'reason', input.reason, { max: REASON_MAX, required: true });
  if (problems.length > 0 || reason === null) throw new ValidationError(problems);
  const claim = await pendingClaim(db, id);
  await write(
    db,
    actor,
    async ({ trx }) => {
      if (
        !(await claims.updateClaim(trx, id, 'pending', {
          state: 'refused',
          decided_at: nowIso(),
          decided_by: editor,
          reason,
          email_token_hash: null,
        }))
      )
        throw new NotFoundError('claim_not_found', 'No claim waits with this number.');
      await enqueueEmail(trx, {
        userId: claim.user_id,
        kind: 'organisationClaimRefused',
        values: { organisation: claim.name, reason },
        linkPath: `/organisations/${claim.slug}`,
      });
    },
    {
      audit: {
        action: 'organisation.claim_refused',
        subject: { type: 'organisation', id: claim.organisation_id },
        details: { claim_id: id, user_id: claim.user_id },
      },
    },
  );
}
