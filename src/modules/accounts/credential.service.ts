import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { type Actor, ANONYMOUS, type Role } from '../../core/actor.ts';
import { recordAudit } from '../../core/audit.ts';
import { ValidationError } from '../../core/errors.ts';
import { composeEmail } from '../../core/mail/compose.ts';
import type { Mailer } from '../../core/mail/mailer.ts';
import { nowIso } from '../../core/text.ts';
import { clearThrottle, hitThrottle, peekThrottle } from '../../core/throttle.ts';
import { problem } from '../../core/validation.ts';
import { type AuditEntry, write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import type { OrganisationLookup } from './account.ports.ts';
import * as users from './account.repository.ts';
import {
  checkCountry,
  checkCurrentPassword,
  checkEmail,
  checkLocale,
  checkPassword,
  checkText,
  newToken,
  normaliseEmail,
  requireUser,
  sha256,
} from './account-checks.ts';
import { enqueueAccountEmail, sendLink } from './account-mail.service.ts';
import { openSession } from './session.service.ts';

/**
 * Credentials: registration and confirmation of the address, sign-in, and the password and
 * address changes that go through an emailed link.
 */

/**
 * Failed sign-ins are counted by what the request says, never by whether the account exists, so
 * the answers are the same for a registered address and an unknown one. Counting per email
 * address and client together means a stranger who keeps failing from their own network address
 * is slowed down without keeping the owner out from theirs.
 */
const PAIR_FAILURES_LIMIT = 5;
/** Failed sign-ins from one network address, whichever email addresses it tries. */
const CLIENT_FAILURES_LIMIT = 20;
/**
 * Failed sign-ins for one email address from anywhere: a cap on guessing from many network
 * addresses, set far above what one client may try (PAIR_FAILURES_LIMIT), so that no single
 * stranger can reach it.
 */
const EMAIL_FAILURES_LIMIT = 100;
const FAILURE_WINDOW_MS = 15 * 60_000;

export interface AccountContext {
  db: Db;
  mailer: Mailer;
  publicUrl: string;
  /** Base of the growing delay after failed logins (halved each test run if you like). */
  loginDelayMs: number;
}

// ───────────────────────────── Email links ─────────────────────────────

type TokenOutcome = 'invalid' | 'expired' | 'used';

async function consumeToken(
  db: Db,
  token: unknown,
  purpose: string,
): Promise<{ ok: true; userId: number; email: string } | { ok: false; outcome: TokenOutcome }> {
  if (typeof token !== 'string' || !/^[\w-]{20,100}$/.test(token))
    return { ok: false, outcome: 'invalid' };
  const row = await users.findEmailToken(db, sha256(token));
  if (!row || row.purpose !== purpose) return { ok: false, outcome: 'invalid' };
  if (row.used_at) return { ok: false, outcome: 'used' };
  if (Date.parse(row.expires_at) <= Date.now()) return { ok: false, outcome: 'expired' };
  if (!(await users.markEmailTokenUsed(db, row.id, nowIso())))
    return { ok: false, outcome: 'used' };
  return { ok: true, userId: row.user_id, email: row.email };
}

/** Whether an emailed link is still good, without using it (to show a form). */
export async function checkEmailToken(
  db: Db,
  token: unknown,
  purpose: 'reset',
): Promise<'ok' | TokenOutcome> {
  if (typeof token !== 'string' || !/^[\w-]{20,100}$/.test(token)) return 'invalid';
  const row = await users.findEmailToken(db, sha256(token));
  if (!row || row.purpose !== purpose) return 'invalid';
  if (row.used_at) return 'used';
  return Date.parse(row.expires_at) <= Date.now() ? 'expired' : 'ok';
}

// ───────────────────────────── Registration ─────────────────────────────

export interface RegistrationInput {
  name?: unknown;
  email?: unknown;
  organisation?: unknown;
  country?: unknown;
  password?: unknown;
  locale?: unknown;
}

/**
 * Registers an account and queues an email with a link to confirm the address. The answer, and
 * the work done before it, are the same whether or not the address was already registered (the
 * owner of a registered address is emailed to say so instead), so the form tells no one who has
 * an account.
 */
export async function register(
  ctx: AccountContext,
  input: RegistrationInput,
  organisations: OrganisationLookup,
): Promise<'sent'> {
  const name = checkText(input.name, 'name', { required: true, max: 200 });
  const { email, problems: emailProblems } = checkEmail(input.email);
  const organisation = checkText(input.organisation, 'organisation', { required: false, max: 200 });
  const country = await checkCountry(ctx.db, input.country);
  const problems = [
    ...name.problems,
    ...emailProblems,
    ...organisation.problems,
    ...country.problems,
    ...checkPassword(input.password, email),
  ];
  if (problems.length > 0) throw new ValidationError(problems);
  const locale = checkLocale(input.locale);

  // Hashed before the address is looked up, so a taken address costs the same time as a new one.
  const passwordHash = await argonHash(input.password as string);
  const existing = await users.findUserByEmail(ctx.db, email);
  if (existing) {
    await write(
      ctx.db,
      ANONYMOUS,
      ({ trx }) => enqueueAccountEmail(trx, { userId: existing.id, kind: 'alreadyRegistered' }),
      { audit: { action: 'user.registered_again', subject: { type: 'user', id: existing.id } } },
    );
    return 'sent';
  }
  await write(
    ctx.db,
    ANONYMOUS,
    async ({ trx }) => {
      const now = nowIso();
      const organisationId = organisation.value
        ? await organisations.resolve(trx, organisation.value, country.code)
        : null;
      const id = await users.insertUser(trx, {
        email,
        email_verified_at: null,
        password_hash: passwordHash,
        name: name.value,
        organisation_id: organisationId,
        country_code: country.code,
        role: 'member',
        locale,
        created_at: now,
        updated_at: now,
      });
      await enqueueAccountEmail(trx, { userId: id, kind: 'verify' });
      return id;
    },
    { audit: (id) => ({ action: 'user.registered', subject: { type: 'user', id } }) },
  );
  return 'sent';
}

export async function verifyEmail(db: Db, token: unknown): Promise<'verified' | TokenOutcome> {
  const result = await write(
    db,
    ANONYMOUS,
    async ({ trx }) => {
      const consumed = await consumeToken(trx, token, 'verify');
      if (!consumed.ok) return { outcome: consumed.outcome };
      await users.updateUser(trx, consumed.userId, {
        email_verified_at: nowIso(),
        updated_at: nowIso(),
      });
      return { outcome: 'verified' as const, userId: consumed.userId };
    },
    {
      audit: ({ userId }) =>
        userId === undefined
          ? null
          : { action: 'user.email_verified', subject: { type: 'user', id: userId } },
    },
  );
  return result.outcome;
}

/** Sends the confirmation link again, silently doing nothing for unknown or confirmed addresses. */
export async function resendVerification(ctx: AccountContext, rawEmail: unknown): Promise<'sent'> {
  const { email, problems } = checkEmail(rawEmail);
  if (problems.length > 0) throw new ValidationError(problems);
  const user = await users.findUserByEmail(ctx.db, email);
  if (user && !user.email_verified_at)
    await enqueueAccountEmail(ctx.db, { userId: user.id, kind: 'verify' });
  return 'sent';
}

// ───────────────────────────── Sign-in ─────────────────────────────

export type LoginResult =
  | { outcome: 'ok'; token: string; userId: number }
  | { outcome: 'invalid' | 'unverified' }
  | { outcome: 'throttled'; retryAfterSeconds: number };

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The throttle keys of a sign-in; the email address is hashed so the table holds none. */
function loginThrottleKeys(email: string, clientKey: string) {
  return {
    client: `login:${clientKey}`,
    pair: `login-pair:${sha256(`${email}\n${clientKey}`)}`,
    email: `login-email:${sha256(email)}`,
  };
}

/** Seconds until every counter that reached its limit has reset; 0 when none has. */
function waitFor(counters: [{ count: number; retryAfterSeconds: number }, number][]): number {
  return Math.max(
    0,
    ...counters.map(([state, limit]) => (state.count >= limit ? state.retryAfterSeconds : 0)),
  );
}

/**
 * Signs in with a fresh session (a token presented before is never reused: no fixation).
 * Failures slow down (a growing delay after the third) and then make that email address wait
 * fifteen minutes from that client, or from everywhere past a much higher cap; a client with
 * twenty failures in fifteen minutes waits whatever address it tries. None of this depends on
 * whether the account exists.
 */
export async function login(
  ctx: AccountContext,
  input: { email?: unknown; password?: unknown },
  clientKey: string,
): Promise<LoginResult> {
  const email = normaliseEmail(input.email);
  const password = typeof input.password === 'string' ? input.password : '';
  const keys = loginThrottleKeys(email, clientKey);
  const wait = waitFor([
    [await peekThrottle(ctx.db, keys.client), CLIENT_FAILURES_LIMIT],
    [await peekThrottle(ctx.db, keys.pair), PAIR_FAILURES_LIMIT],
    [await peekThrottle(ctx.db, keys.email), EMAIL_FAILURES_LIMIT],
  ]);
  // Refused before the password is looked at, so waiting out the limit is the only way on.
  if (wait > 0) return { outcome: 'throttled', retryAfterSeconds: wait };

  const user = email ? await users.findUserByEmail(ctx.db, email) : undefined;
  // A hash is verified even for unknown addresses, so that timing tells nothing.
  const valid = user
    ? await argonVerify(user.password_hash, password).catch(() => false)
    : await argonVerify(await dummyHash(), password).then(() => false);
  if (!user || !valid) {
    const about: Omit<AuditEntry, 'action'> = user
      ? { subject: { type: 'user', id: user.id } }
      : { details: { reason: 'unknown' } };
    const { byPair, byEmail } = await write(
      ctx.db,
      ANONYMOUS,
      async ({ trx }) => {
        await hitThrottle(trx, keys.client, CLIENT_FAILURES_LIMIT, FAILURE_WINDOW_MS);
        const byPair = await hitThrottle(trx, keys.pair, PAIR_FAILURES_LIMIT, FAILURE_WINDOW_MS);
        const byEmail = await hitThrottle(trx, keys.email, EMAIL_FAILURES_LIMIT, FAILURE_WINDOW_MS);
        return { byPair, byEmail };
      },
      {
        audit: ({ byPair, byEmail }) => [
          { ...about, action: 'user.login_failed' },
          // Once per window: the failure that starts the wait.
          ...(byPair.count === PAIR_FAILURES_LIMIT || byEmail.count === EMAIL_FAILURES_LIMIT
            ? [
                {
                  ...about,
                  action: 'user.login_throttled',
                  details: { ...about.details, minutes: FAILURE_WINDOW_MS / 60_000 },
                },
              ]
            : []),
        ],
      },
    );
    const waitNow = waitFor([
      [byPair, PAIR_FAILURES_LIMIT],
      [byEmail, EMAIL_FAILURES_LIMIT],
    ]);
    if (waitNow > 0) return { outcome: 'throttled', retryAfterSeconds: waitNow };
    if (byPair.count >= 3) await delay(ctx.loginDelayMs * 2 ** (byPair.count - 3));
    return { outcome: 'invalid' };
  }
  if (!user.email_verified_at) return { outcome: 'unverified' };

  const signedIn: Actor = {
    kind: 'user',
    id: user.id,
    role: user.role as Role,
    name: user.name,
    via: 'session',
    scopes: [],
  };
  const token = await write(ctx.db, signedIn, async ({ trx }) => openSession(trx, user.id), {
    audit: { action: 'user.login', subject: { type: 'user', id: user.id } },
  });
  // The email-wide count stays: a success from one client says nothing of the others.
  await clearThrottle(ctx.db, keys.client);
  await clearThrottle(ctx.db, keys.pair);
  return { outcome: 'ok', token, userId: user.id };
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= argonHash(newToken());
  return dummy;
}

// ───────────────────────────── Passwords and addresses ─────────────────────────────

/**
 * Always the same answer, known address or not, after the same work: one transaction with one
 * audit row (the email itself is queued, so no request waits for the mail server).
 */
export async function requestPasswordReset(
  ctx: AccountContext,
  rawEmail: unknown,
): Promise<'sent'> {
  const { email, problems } = checkEmail(rawEmail);
  if (problems.length > 0) throw new ValidationError(problems);
  const user = await users.findUserByEmail(ctx.db, email);
  await write(
    ctx.db,
    ANONYMOUS,
    async ({ trx }) => {
      if (user) await enqueueAccountEmail(trx, { userId: user.id, kind: 'reset' });
    },
    {
      audit: {
        action: 'user.password_reset_requested',
        ...(user ? { subject: { type: 'user', id: user.id } } : { details: { reason: 'unknown' } }),
      },
    },
  );
  return 'sent';
}

/**
 * Sets a new password from an emailed link (single use, one hour); ends every session and revokes
 * every API token, since whoever made them may be the reason for the reset. Following the link
 * proves the owner, so the waits after failed sign-ins for the address end too (from everywhere,
 * and from this client).
 */
export async function resetPassword(
  db: Db,
  token: unknown,
  password: unknown,
  clientKey: string,
): Promise<{ outcome: 'reset' | TokenOutcome; tokensRevoked: number }> {
  const passwordProblems = checkPassword(password, '');
  if (passwordProblems.length > 0 && (await checkEmailToken(db, token, 'reset')) === 'ok')
    throw new ValidationError(passwordProblems);
  const passwordHash = typeof password === 'string' ? await argonHash(password) : '';
  const result = await write(
    db,
    ANONYMOUS,
    async ({ trx }) => {
      const consumed = await consumeToken(trx, token, 'reset');
      if (!consumed.ok) return { outcome: consumed.outcome };
      const user = await users.findUserById(trx, consumed.userId);
      if (!user) return { outcome: 'invalid' as const };
      const problems = checkPassword(password, user.email);
      if (problems.length > 0) throw new ValidationError(problems);
      // Following the link proves the address too.
      await users.updateUser(trx, user.id, {
        password_hash: passwordHash,
        email_verified_at: user.email_verified_at ?? nowIso(),
        updated_at: nowIso(),
      });
      await users.deleteSessionsOf(trx, user.id);
      const tokensRevoked = await users.revokeApiTokensOf(trx, user.id, nowIso());
      return { outcome: 'reset' as const, userId: user.id, email: user.email, tokensRevoked };
    },
    {
      audit: ({ userId, tokensRevoked }) =>
        userId === undefined
          ? null
          : {
              action: 'user.password_reset',
              subject: { type: 'user', id: userId },
              details: { tokens_revoked: tokensRevoked ?? 0 },
            },
    },
  );
  if (result.email !== undefined) {
    const keys = loginThrottleKeys(result.email, clientKey);
    await clearThrottle(db, keys.email);
    await clearThrottle(db, keys.pair);
  }
  return { outcome: result.outcome, tokensRevoked: result.tokensRevoked ?? 0 };
}

/**
 * Changes the password; every other session ends and every API token is revoked, so that neither
 * a stolen session nor a token made with the old password outlives it. Returns how many tokens.
 */
export async function changePassword(
  db: Db,
  actor: Actor,
  input: { current_password?: unknown; password?: unknown },
  keepSessionToken: string | undefined,
): Promise<{ tokensRevoked: number }> {
  const user = await requireUser(db, actor);
  await checkCurrentPassword(user.password_hash, input.current_password);
  const problems = checkPassword(input.password, user.email);
  if (problems.length > 0) throw new ValidationError(problems);
  const passwordHash = await argonHash(input.password as string);
  const tokensRevoked = await write(
    db,
    actor,
    async ({ trx }) => {
      await users.updateUser(trx, user.id, { password_hash: passwordHash, updated_at: nowIso() });
      const keep = keepSessionToken ? sha256(keepSessionToken) : '';
      await users.deleteOtherSessions(trx, user.id, keep);
      return users.revokeApiTokensOf(trx, user.id, nowIso());
    },
    {
      audit: (revoked) => ({
        action: 'user.password_changed',
        subject: { type: 'user', id: user.id },
        details: { tokens_revoked: revoked },
      }),
    },
  );
  return { tokensRevoked };
}

/** Sends a confirmation link to the new address; the old one stays until the link is followed. */
export async function requestEmailChange(
  ctx: AccountContext,
  actor: Actor,
  input: { email?: unknown; current_password?: unknown },
): Promise<'sent'> {
  const user = await requireUser(ctx.db, actor);
  const { email, problems } = checkEmail(input.email);
  if (problems.length > 0) throw new ValidationError(problems);
  await checkCurrentPassword(user.password_hash, input.current_password);
  if (email === user.email)
    throw new ValidationError([
      problem('email', 'is already your address', 'form.error.sameEmail'),
    ]);
  // A taken address gets the same answer, and no link: nobody learns who is registered.
  if (!(await users.findUserByEmail(ctx.db, email)))
    await sendLink(ctx.db, ctx, user, email, 'change_email');
  await recordAudit(ctx.db, actor, 'user.email_change_requested', { type: 'user', id: user.id });
  return 'sent';
}

export async function confirmEmailChange(
  ctx: AccountContext,
  token: unknown,
): Promise<'changed' | 'taken' | TokenOutcome> {
  const result = await write(
    ctx.db,
    ANONYMOUS,
    async ({ trx }) => {
      const consumed = await consumeToken(trx, token, 'change_email');
      if (!consumed.ok) return { outcome: consumed.outcome };
      if (await users.findUserByEmail(trx, consumed.email)) return { outcome: 'taken' as const };
      const user = await users.findUserById(trx, consumed.userId);
      if (!user) return { outcome: 'invalid' as const };
      await users.updateUser(trx, user.id, {
        email: consumed.email,
        email_verified_at: nowIso(),
        updated_at: nowIso(),
      });
      return { outcome: 'changed' as const, user, oldEmail: user.email };
    },
    {
      audit: ({ user }) =>
        user ? { action: 'user.email_changed', subject: { type: 'user', id: user.id } } : null,
    },
  );
  // The old address hears of it, in case the change was not its owner's doing.
  if (result.outcome === 'changed' && result.user) {
    await ctx.mailer.send(
      composeEmail(checkLocale(result.user.locale), 'emailChanged', result.oldEmail, {
        name: result.user.name,
      }),
    );
  }
  return result.outcome;
}
