import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { recordAudit } from '../../core/audit.ts';
import { type Actor, ANONYMOUS, type Role } from '../../core/authz.ts';
import { ValidationError } from '../../core/errors.ts';
import { localePath } from '../../core/http/locale.ts';
import { composeEmail } from '../../core/mail/compose.ts';
import type { Mailer } from '../../core/mail/mailer.ts';
import { nowIso } from '../../core/text.ts';
import { clearThrottle, hitThrottle, peekThrottle } from '../../core/throttle.ts';
import { problem } from '../../core/validation.ts';
import { write } from '../../core/write.ts';
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
import { openSession } from './session.service.ts';

/**
 * Credentials: registration and confirmation of the address, sign-in, and the password and
 * address changes that go through an emailed link.
 */

export const RESET_TOKEN_MS = 3600_000;
const VERIFY_TOKEN_MS = 48 * 3600_000;
/** Failed logins on one account before a temporary lock, and the lock's length. */
const ACCOUNT_FAILURES_BEFORE_LOCK = 5;
const ACCOUNT_LOCK_MS = 15 * 60_000;
/** Failed logins from one address (over 15 minutes) before that address must wait. */
const ADDRESS_FAILURES_LIMIT = 20;
const ADDRESS_WINDOW_MS = 15 * 60_000;

export interface AccountContext {
  db: Db;
  mailer: Mailer;
  publicUrl: string;
  /** Base of the growing delay after failed logins (halved each test run if you like). */
  loginDelayMs: number;
}

// ───────────────────────────── Email links ─────────────────────────────

async function sendLink(
  ctx: AccountContext,
  user: { id: number; name: string; locale: string },
  to: string,
  purpose: 'verify' | 'reset' | 'change_email',
): Promise<void> {
  const token = newToken();
  const now = Date.now();
  await users.expireEmailTokens(ctx.db, user.id, purpose, new Date(now).toISOString());
  await users.insertEmailToken(ctx.db, {
    id: sha256(token),
    user_id: user.id,
    purpose,
    email: to,
    created_at: new Date(now).toISOString(),
    expires_at: new Date(
      now + (purpose === 'reset' ? RESET_TOKEN_MS : VERIFY_TOKEN_MS),
    ).toISOString(),
    used_at: null,
  });
  const locale = checkLocale(user.locale);
  const path = {
    verify: '/account/verify',
    reset: '/account/reset',
    change_email: '/account/email/confirm',
  }[purpose];
  const link = `${ctx.publicUrl}${localePath(locale, path)}?token=${token}`;
  const kind = purpose === 'change_email' ? 'changeEmail' : purpose;
  await ctx.mailer.send(composeEmail(locale, kind, to, { name: user.name, link }));
}

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
 * Registers an account and emails a link to confirm the address. The answer is the same whether
 * or not the address was already registered (the owner of a registered address gets an email
 * saying so instead), so the form tells no one who has an account.
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

  const existing = await users.findUserByEmail(ctx.db, email);
  if (existing) {
    await ctx.mailer.send(
      composeEmail(checkLocale(existing.locale), 'alreadyRegistered', email, {
        name: existing.name,
        link: `${ctx.publicUrl}${localePath(checkLocale(existing.locale), '/account/forgot')}`,
      }),
    );
    return 'sent';
  }
  const passwordHash = await argonHash(input.password as string);
  const user = await write(
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
        failed_logins: 0,
        locked_until: null,
        created_at: now,
        updated_at: now,
      });
      return { id, name: name.value, locale };
    },
    { audit: ({ id }) => ({ action: 'user.registered', subject: { type: 'user', id } }) },
  );
  await sendLink(ctx, user, email, 'verify');
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
  if (user && !user.email_verified_at) await sendLink(ctx, user, email, 'verify');
  return 'sent';
}

// ───────────────────────────── Sign-in ─────────────────────────────

export type LoginResult =
  | { outcome: 'ok'; token: string; userId: number }
  | { outcome: 'invalid' | 'unverified' }
  | { outcome: 'locked' | 'throttled'; retryAfterSeconds: number };

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Signs in with a fresh session (a token presented before is never reused: no fixation).
 * Failed attempts slow down (a growing delay after the third) and then lock the account for
 * fifteen minutes after the fifth; an address with twenty failures in fifteen minutes must wait.
 */
export async function login(
  ctx: AccountContext,
  input: { email?: unknown; password?: unknown },
  addressKey: string,
): Promise<LoginResult> {
  const email = normaliseEmail(input.email);
  const password = typeof input.password === 'string' ? input.password : '';
  const throttleKey = `login:${addressKey}`;
  const address = await peekThrottle(ctx.db, throttleKey);
  if (address.count >= ADDRESS_FAILURES_LIMIT)
    return { outcome: 'throttled', retryAfterSeconds: address.retryAfterSeconds };

  const user = email ? await users.findUserByEmail(ctx.db, email) : undefined;
  if (user?.locked_until && Date.parse(user.locked_until) > Date.now()) {
    return {
      outcome: 'locked',
      retryAfterSeconds: Math.ceil((Date.parse(user.locked_until) - Date.now()) / 1000),
    };
  }
  // A hash is verified even for unknown addresses, so that timing tells nothing.
  const valid = user
    ? await argonVerify(user.password_hash, password).catch(() => false)
    : await argonVerify(await dummyHash(), password).then(() => false);
  if (!user || !valid) {
    await hitThrottle(ctx.db, throttleKey, ADDRESS_FAILURES_LIMIT, ADDRESS_WINDOW_MS);
    if (!user) {
      await recordAudit(ctx.db, ANONYMOUS, 'user.login_failed', undefined, { reason: 'unknown' });
      return { outcome: 'invalid' };
    }
    const failures = user.failed_logins + 1;
    const locked = failures >= ACCOUNT_FAILURES_BEFORE_LOCK;
    const subject = { type: 'user', id: user.id };
    await write(
      ctx.db,
      ANONYMOUS,
      ({ trx }) =>
        users.updateUser(trx, user.id, {
          failed_logins: locked ? 0 : failures,
          locked_until: locked
            ? new Date(Date.now() + ACCOUNT_LOCK_MS).toISOString()
            : user.locked_until,
        }),
      {
        audit: [
          { action: 'user.login_failed', subject, details: { failures } },
          ...(locked
            ? [{ action: 'user.locked', subject, details: { minutes: ACCOUNT_LOCK_MS / 60_000 } }]
            : []),
        ],
      },
    );
    if (failures >= 3 && !locked) await delay(ctx.loginDelayMs * 2 ** (failures - 3));
    return locked
      ? { outcome: 'locked', retryAfterSeconds: ACCOUNT_LOCK_MS / 1000 }
      : { outcome: 'invalid' };
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
  const token = await write(
    ctx.db,
    signedIn,
    async ({ trx }) => {
      const sessionToken = await openSession(trx, user.id);
      await users.updateUser(trx, user.id, { failed_logins: 0, locked_until: null });
      return sessionToken;
    },
    { audit: { action: 'user.login', subject: { type: 'user', id: user.id } } },
  );
  await clearThrottle(ctx.db, throttleKey);
  return { outcome: 'ok', token, userId: user.id };
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= argonHash(newToken());
  return dummy;
}

// ───────────────────────────── Passwords and addresses ─────────────────────────────

/** Always the same answer, known address or not. */
export async function requestPasswordReset(
  ctx: AccountContext,
  rawEmail: unknown,
): Promise<'sent'> {
  const { email, problems } = checkEmail(rawEmail);
  if (problems.length > 0) throw new ValidationError(problems);
  const user = await users.findUserByEmail(ctx.db, email);
  if (user) {
    await sendLink(ctx, user, email, 'reset');
    await recordAudit(ctx.db, ANONYMOUS, 'user.password_reset_requested', {
      type: 'user',
      id: user.id,
    });
  }
  return 'sent';
}

/** Sets a new password from an emailed link (single use, one hour); ends every session. */
export async function resetPassword(
  db: Db,
  token: unknown,
  password: unknown,
): Promise<'reset' | TokenOutcome> {
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
        failed_logins: 0,
        locked_until: null,
        email_verified_at: user.email_verified_at ?? nowIso(),
        updated_at: nowIso(),
      });
      await users.deleteSessionsOf(trx, user.id);
      return { outcome: 'reset' as const, userId: user.id };
    },
    {
      audit: ({ userId }) =>
        userId === undefined
          ? null
          : { action: 'user.password_reset', subject: { type: 'user', id: userId } },
    },
  );
  return result.outcome;
}

export async function changePassword(
  db: Db,
  actor: Actor,
  input: { current_password?: unknown; password?: unknown },
  keepSessionToken: string | undefined,
): Promise<void> {
  const user = await requireUser(db, actor);
  await checkCurrentPassword(user.password_hash, input.current_password);
  const problems = checkPassword(input.password, user.email);
  if (problems.length > 0) throw new ValidationError(problems);
  const passwordHash = await argonHash(input.password as string);
  await write(
    db,
    actor,
    async ({ trx }) => {
      await users.updateUser(trx, user.id, { password_hash: passwordHash, updated_at: nowIso() });
      // Every other session ends: a stolen session does not survive a change of password.
      const keep = keepSessionToken ? sha256(keepSessionToken) : '';
      await users.deleteOtherSessions(trx, user.id, keep);
    },
    { audit: { action: 'user.password_changed', subject: { type: 'user', id: user.id } } },
  );
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
    await sendLink(ctx, user, email, 'change_email');
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
