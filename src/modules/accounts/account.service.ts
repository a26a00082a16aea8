import { createHash, randomBytes } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { recordAudit } from '../../core/audit.ts';
import { type Actor, ANONYMOUS, can, isRole, type Role } from '../../core/authz.ts';
import {
  type FieldProblem,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
} from '../../core/errors.ts';
import { localePath } from '../../core/http/locale.ts';
import { isLocale, type Locale } from '../../core/i18n/locales.ts';
import { composeEmail } from '../../core/mail/compose.ts';
import type { Mailer } from '../../core/mail/mailer.ts';
import { nowIso } from '../../core/text.ts';
import { clearThrottle, hitThrottle, peekThrottle } from '../../core/throttle.ts';
import type { Db } from '../../db/connect.ts';
import { organisationName, resolveOrganisation } from '../directory/organisation.service.ts';
import { getPlaceIndex } from '../places/place.service.ts';
import * as users from './account.repository.ts';

/** Sessions end a week after the last request, and a month after sign-in whatever happens. */
export const SESSION_IDLE_MS = 7 * 24 * 3600_000;
export const SESSION_ABSOLUTE_MS = 30 * 24 * 3600_000;
const SESSION_TOUCH_MS = 5 * 60_000;
const RESET_TOKEN_MS = 3600_000;
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

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

// ───────────────────────────── Input checks ─────────────────────────────

const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/u;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

function problem(
  field: string,
  message: string,
  key: string,
  values?: Record<string, string | number>,
): FieldProblem {
  return { field, message, key, ...(values ? { values } : {}) };
}

export function normaliseEmail(raw: unknown): string {
  return typeof raw === 'string' ? raw.trim().toLowerCase() : '';
}

function checkEmail(raw: unknown, field = 'email'): { email: string; problems: FieldProblem[] } {
  const email = normaliseEmail(raw);
  if (email === '')
    return { email, problems: [problem(field, 'is required', 'form.error.required')] };
  if (email.length > 254 || !EMAIL.test(email))
    return { email, problems: [problem(field, 'is not an email address', 'form.error.email')] };
  return { email, problems: [] };
}

function checkPassword(raw: unknown, email: string, field = 'password'): FieldProblem[] {
  const password = typeof raw === 'string' ? raw : '';
  if (password === '') return [problem(field, 'is required', 'form.error.required')];
  if ([...password].length < 10)
    return [
      problem(field, 'must have at least 10 characters', 'form.error.passwordShort', { min: 10 }),
    ];
  if (password.length > 256)
    return [problem(field, 'must have at most 256 characters', 'form.error.tooLong', { max: 256 })];
  if (email !== '' && password.toLowerCase().includes(email.split('@')[0] ?? email)) {
    return [problem(field, 'must not contain your email address', 'form.error.passwordEmail')];
  }
  return [];
}

function checkText(
  raw: unknown,
  field: string,
  options: { required: boolean; max: number },
): { value: string; problems: FieldProblem[] } {
  const value = typeof raw === 'string' ? raw.trim().replace(/\s+/g, ' ') : '';
  if (value === '')
    return {
      value,
      problems: options.required ? [problem(field, 'is required', 'form.error.required')] : [],
    };
  if (value.length > options.max)
    return {
      value,
      problems: [
        problem(field, `must have at most ${options.max} characters`, 'form.error.tooLong', {
          max: options.max,
        }),
      ],
    };
  if (CONTROL.test(value))
    return {
      value,
      problems: [problem(field, 'contains control characters', 'form.error.control')],
    };
  return { value, problems: [] };
}

async function checkCountry(
  db: Db,
  raw: unknown,
): Promise<{ code: string | null; problems: FieldProblem[] }> {
  const code = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
  if (code === '') return { code: null, problems: [] };
  const places = await getPlaceIndex(db, 'en');
  if (!places.country(code))
    return {
      code: null,
      problems: [problem('country', 'is not a known country', 'form.error.country')],
    };
  return { code, problems: [] };
}

function checkLocale(raw: unknown): Locale {
  return isLocale(raw) ? raw : 'en';
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
export async function register(ctx: AccountContext, input: RegistrationInput): Promise<'sent'> {
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
  const user = await ctx.db.transaction().execute(async (trx) => {
    const now = nowIso();
    const organisationId = organisation.value
      ? await resolveOrganisation(trx, {
          name: organisation.value,
          type: null,
          website: null,
          countryCode: country.code,
          cityId: null,
        })
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
    await recordAudit(trx, ANONYMOUS, 'user.registered', { type: 'user', id });
    return { id, name: name.value, locale };
  });
  await sendLink(ctx, user, email, 'verify');
  return 'sent';
}

export async function verifyEmail(db: Db, token: unknown): Promise<'verified' | TokenOutcome> {
  return db.transaction().execute(async (trx) => {
    const consumed = await consumeToken(trx, token, 'verify');
    if (!consumed.ok) return consumed.outcome;
    await users.updateUser(trx, consumed.userId, {
      email_verified_at: nowIso(),
      updated_at: nowIso(),
    });
    await recordAudit(trx, ANONYMOUS, 'user.email_verified', { type: 'user', id: consumed.userId });
    return 'verified';
  });
}

/** Sends the confirmation link again, silently doing nothing for unknown or confirmed addresses. */
export async function resendVerification(ctx: AccountContext, rawEmail: unknown): Promise<'sent'> {
  const { email, problems } = checkEmail(rawEmail);
  if (problems.length > 0) throw new ValidationError(problems);
  const user = await users.findUserByEmail(ctx.db, email);
  if (user && !user.email_verified_at) await sendLink(ctx, user, email, 'verify');
  return 'sent';
}

// ───────────────────────────── Sign-in and sessions ─────────────────────────────

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
    await ctx.db.transaction().execute(async (trx) => {
      await users.updateUser(trx, user.id, {
        failed_logins: locked ? 0 : failures,
        locked_until: locked
          ? new Date(Date.now() + ACCOUNT_LOCK_MS).toISOString()
          : user.locked_until,
      });
      await recordAudit(
        trx,
        ANONYMOUS,
        'user.login_failed',
        { type: 'user', id: user.id },
        { failures },
      );
      if (locked)
        await recordAudit(
          trx,
          ANONYMOUS,
          'user.locked',
          { type: 'user', id: user.id },
          { minutes: ACCOUNT_LOCK_MS / 60_000 },
        );
    });
    if (failures >= 3 && !locked) await delay(ctx.loginDelayMs * 2 ** (failures - 3));
    return locked
      ? { outcome: 'locked', retryAfterSeconds: ACCOUNT_LOCK_MS / 1000 }
      : { outcome: 'invalid' };
  }
  if (!user.email_verified_at) return { outcome: 'unverified' };

  const token = newToken();
  await ctx.db.transaction().execute(async (trx) => {
    const now = Date.now();
    await users.insertSession(trx, {
      id: sha256(token),
      user_id: user.id,
      created_at: new Date(now).toISOString(),
      last_seen_at: new Date(now).toISOString(),
      expires_at: new Date(now + SESSION_ABSOLUTE_MS).toISOString(),
    });
    await users.updateUser(trx, user.id, { failed_logins: 0, locked_until: null });
    await recordAudit(
      trx,
      {
        kind: 'user',
        id: user.id,
        role: user.role as Role,
        name: user.name,
        via: 'session',
        scopes: [],
      },
      'user.login',
      { type: 'user', id: user.id },
    );
  });
  await clearThrottle(ctx.db, throttleKey);
  return { outcome: 'ok', token, userId: user.id };
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= argonHash(newToken());
  return dummy;
}

/** The account behind a session cookie, or anonymous when it is unknown, idle or expired. */
export async function authenticateSession(db: Db, token: string | undefined): Promise<Actor> {
  if (!token || !/^[\w-]{20,100}$/.test(token)) return ANONYMOUS;
  const id = sha256(token);
  const session = await users.findSession(db, id);
  if (!session) return ANONYMOUS;
  const now = Date.now();
  if (
    Date.parse(session.expires_at) <= now ||
    Date.parse(session.last_seen_at) + SESSION_IDLE_MS <= now
  ) {
    await users.deleteSession(db, id);
    return ANONYMOUS;
  }
  if (Date.parse(session.last_seen_at) + SESSION_TOUCH_MS <= now)
    await users.touchSession(db, id, new Date(now).toISOString());
  return {
    kind: 'user',
    id: session.user_id,
    role: session.role as Role,
    name: session.name,
    via: 'session',
    scopes: ['read', 'write'],
  };
}

export async function logout(db: Db, token: string | undefined, actor: Actor): Promise<void> {
  if (!token) return;
  await users.deleteSession(db, sha256(token));
  if (actor.kind === 'user')
    await recordAudit(db, actor, 'user.logout', { type: 'user', id: actor.id });
}

export async function logoutEverywhere(db: Db, actor: Actor): Promise<number> {
  if (actor.kind !== 'user') throw new UnauthenticatedError();
  return db.transaction().execute(async (trx) => {
    const ended = await users.deleteSessionsOf(trx, actor.id);
    await recordAudit(
      trx,
      actor,
      'user.logout_everywhere',
      { type: 'user', id: actor.id },
      { sessions: ended },
    );
    return ended;
  });
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
  return db.transaction().execute(async (trx) => {
    const consumed = await consumeToken(trx, token, 'reset');
    if (!consumed.ok) return consumed.outcome;
    const user = await users.findUserById(trx, consumed.userId);
    if (!user) return 'invalid';
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
    await recordAudit(trx, ANONYMOUS, 'user.password_reset', { type: 'user', id: user.id });
    return 'reset';
  });
}

async function requireUser(db: Db, actor: Actor) {
  if (actor.kind !== 'user') throw new UnauthenticatedError();
  const user = await users.findUserById(db, actor.id);
  if (!user) throw new UnauthenticatedError();
  if (!can(actor, 'account.manage', { id: user.id })) throw new ForbiddenError();
  return user;
}

async function checkCurrentPassword(hash: string, raw: unknown, field = 'current_password') {
  const ok =
    typeof raw === 'string' && raw !== '' && (await argonVerify(hash, raw).catch(() => false));
  if (!ok)
    throw new ValidationError([
      problem(field, 'is not your current password', 'form.error.currentPassword'),
    ]);
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
  await db.transaction().execute(async (trx) => {
    await users.updateUser(trx, user.id, { password_hash: passwordHash, updated_at: nowIso() });
    // Every other session ends: a stolen session does not survive a change of password.
    const keep = keepSessionToken ? sha256(keepSessionToken) : '';
    await users.deleteOtherSessions(trx, user.id, keep);
    await recordAudit(trx, actor, 'user.password_changed', { type: 'user', id: user.id });
  });
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
  const result = await ctx.db.transaction().execute(async (trx) => {
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
    await recordAudit(trx, ANONYMOUS, 'user.email_changed', { type: 'user', id: user.id });
    return { outcome: 'changed' as const, user, oldEmail: user.email };
  });
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

// ───────────────────────────── Profile ─────────────────────────────

export interface Profile {
  id: number;
  name: string;
  email: string;
  organisation: string | null;
  country: string | null;
  role: string;
  locale: string;
  createdAt: string;
}

export async function getProfile(db: Db, actor: Actor): Promise<Profile> {
  const user = await requireUser(db, actor);
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    organisation: await organisationName(db, user.organisation_id),
    country: user.country_code,
    role: user.role,
    locale: user.locale,
    createdAt: user.created_at,
  };
}

export async function updateProfile(
  db: Db,
  actor: Actor,
  input: { name?: unknown; organisation?: unknown; country?: unknown; locale?: unknown },
): Promise<void> {
  const user = await requireUser(db, actor);
  const name = checkText(input.name, 'name', { required: true, max: 200 });
  const organisation = checkText(input.organisation, 'organisation', { required: false, max: 200 });
  const country = await checkCountry(db, input.country);
  const problems = [...name.problems, ...organisation.problems, ...country.problems];
  if (problems.length > 0) throw new ValidationError(problems);
  await db.transaction().execute(async (trx) => {
    const organisationId = organisation.value
      ? await resolveOrganisation(trx, {
          name: organisation.value,
          type: null,
          website: null,
          countryCode: country.code,
          cityId: null,
        })
      : null;
    await users.updateUser(trx, user.id, {
      name: name.value,
      organisation_id: organisationId,
      country_code: country.code,
      locale: checkLocale(input.locale),
      updated_at: nowIso(),
    });
    await recordAudit(trx, actor, 'user.profile_updated', { type: 'user', id: user.id });
  });
}

// ───────────────────────────── API tokens ─────────────────────────────

export const TOKEN_PREFIX = 'chk_';

export async function createApiToken(
  db: Db,
  actor: Actor,
  input: { name?: unknown; scopes?: unknown },
): Promise<{ token: string; id: number }> {
  const user = await requireUser(db, actor);
  const name = checkText(input.name, 'name', { required: true, max: 100 });
  const requested = (Array.isArray(input.scopes) ? input.scopes : [input.scopes]).filter(
    (s): s is string => typeof s === 'string' && s !== '',
  );
  const problems = [...name.problems];
  if (requested.some((s) => s !== 'read' && s !== 'write'))
    problems.push(problem('scopes', 'must be read or write', 'form.error.scopes'));
  if (problems.length > 0) throw new ValidationError(problems);
  const scopes = requested.includes('write') ? 'read,write' : 'read';
  const token = `${TOKEN_PREFIX}${newToken()}`;
  const id = await db.transaction().execute(async (trx) => {
    const tokenId = await users.insertApiToken(trx, {
      user_id: user.id,
      name: name.value,
      token_hash: sha256(token),
      scopes,
      created_at: nowIso(),
      last_used_at: null,
      revoked_at: null,
    });
    await recordAudit(trx, actor, 'token.created', { type: 'api_token', id: tokenId }, { scopes });
    return tokenId;
  });
  return { token, id };
}

export async function listApiTokens(db: Db, actor: Actor) {
  const user = await requireUser(db, actor);
  return users.listApiTokensOf(db, user.id);
}

export async function revokeApiToken(db: Db, actor: Actor, id: number): Promise<void> {
  const user = await requireUser(db, actor);
  await db.transaction().execute(async (trx) => {
    if (!(await users.revokeApiToken(trx, user.id, id, nowIso())))
      throw new NotFoundError('token_not_found', 'No active token of yours has this id.');
    await recordAudit(trx, actor, 'token.revoked', { type: 'api_token', id });
  });
}

/** The account behind `Authorization: Bearer chk_…`, with the token's scopes. */
export async function authenticateToken(db: Db, bearer: string): Promise<Actor | null> {
  if (!bearer.startsWith(TOKEN_PREFIX) || bearer.length > 200) return null;
  const row = await users.findApiTokenByHash(db, sha256(bearer));
  if (!row || row.revoked_at) return null;
  const now = Date.now();
  if (!row.last_used_at || Date.parse(row.last_used_at) + 60_000 <= now)
    await users.touchApiToken(db, row.id, new Date(now).toISOString());
  const scopes = row.scopes
    .split(',')
    .filter((s): s is 'read' | 'write' => s === 'read' || s === 'write');
  return {
    kind: 'user',
    id: row.user_id,
    role: row.role as Role,
    name: row.name,
    via: 'token',
    scopes,
  };
}

// ───────────────────────────── Privacy ─────────────────────────────

/** Everything held about the account, as one JSON document for the person it belongs to. */
export async function exportUserData(db: Db, actor: Actor) {
  const profile = await getProfile(db, actor);
  const user = await requireUser(db, actor);
  const [sessions, tokens, events] = await Promise.all([
    users.listSessionsOf(db, user.id),
    users.listApiTokensOf(db, user.id),
    users.listAuditOf(db, user.id),
  ]);
  return {
    exported_at: nowIso(),
    profile: { ...profile, email_verified_at: user.email_verified_at, updated_at: user.updated_at },
    sessions,
    api_tokens: tokens.map((t) => ({
      name: t.name,
      scopes: t.scopes.split(','),
      created_at: t.created_at,
      last_used_at: t.last_used_at,
      revoked_at: t.revoked_at,
    })),
    security_events: events.map((e) => ({
      action: e.action,
      at: e.created_at,
      details: JSON.parse(e.details) as unknown,
    })),
  };
}

/**
 * Deletes the account and everything personal with it (sessions, tokens, links). What the person
 * published stays, attributed to their organisation or to "former member"; the audit trail keeps
 * its events without the name.
 */
export async function deleteAccount(
  db: Db,
  actor: Actor,
  input: { current_password?: unknown },
): Promise<void> {
  const user = await requireUser(db, actor);
  await checkCurrentPassword(user.password_hash, input.current_password);
  if (user.role === 'admin' && (await users.countAdmins(db)) <= 1) {
    throw new ValidationError([
      problem(
        'account',
        'is the last admin account: make someone else admin first',
        'form.error.lastAdmin',
      ),
    ]);
  }
  await db.transaction().execute(async (trx) => {
    await recordAudit(trx, ANONYMOUS, 'user.deleted', { type: 'user', id: user.id });
    await users.deleteUser(trx, user.id);
  });
}

// ───────────────────────────── Administration ─────────────────────────────

export async function listUsers(
  db: Db,
  actor: Actor,
  filter: { q?: string; role?: string; page: number; perPage: number },
) {
  if (!can(actor, 'users.list')) throw new ForbiddenError();
  if (filter.role && !isRole(filter.role))
    throw new ValidationError([
      { field: 'role', message: `unknown role "${filter.role.slice(0, 40)}"` },
    ]);
  return users.listUsers(db, {
    q: filter.q?.trim().slice(0, 200) || undefined,
    role: filter.role || undefined,
    limit: filter.perPage,
    offset: (filter.page - 1) * filter.perPage,
  });
}

export async function getUserForAdmin(db: Db, actor: Actor, id: number) {
  if (!can(actor, 'users.list')) throw new ForbiddenError();
  const user = await users.findUserById(db, id);
  if (!user) throw new NotFoundError('user_not_found', 'No account has this id.');
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    organisation: await organisationName(db, user.organisation_id),
    verified: user.email_verified_at !== null,
    lockedUntil: user.locked_until,
    createdAt: user.created_at,
  };
}

/** Changes a role and ends that person's sessions, so the new rights apply from a fresh sign-in. */
export async function changeRole(
  db: Db,
  actor: Actor,
  userId: number,
  role: unknown,
): Promise<void> {
  if (!isRole(role))
    throw new ValidationError([problem('role', 'is not a role', 'form.error.role')]);
  const target = await users.findUserById(db, userId);
  if (!target) throw new NotFoundError('user_not_found', 'No account has this id.');
  if (!can(actor, 'users.changeRole', { id: target.id }))
    throw new ForbiddenError('role_change_forbidden', 'You cannot change this role.');
  if (target.role === role) return;
  await db.transaction().execute(async (trx) => {
    await users.updateUser(trx, target.id, { role, updated_at: nowIso() });
    await users.deleteSessionsOf(trx, target.id);
    await recordAudit(
      trx,
      actor,
      'user.role_changed',
      { type: 'user', id: target.id },
      { from: target.role, to: role },
    );
  });
}

export async function listAudit(
  db: Db,
  actor: Actor,
  filter: {
    action?: string;
    userId?: number;
    from?: string;
    to?: string;
    page: number;
    perPage: number;
  },
) {
  if (!can(actor, 'audit.read')) throw new ForbiddenError();
  const [result, actions] = await Promise.all([
    users.listAudit(db, {
      ...filter,
      limit: filter.perPage,
      offset: (filter.page - 1) * filter.perPage,
    }),
    users.listAuditActions(db),
  ]);
  return { ...result, actions };
}

/**
 * The first admin (CLI): creates or promotes the account and returns a one-time link to set a
 * password (valid an hour). Nothing secret is logged.
 */
export async function createAdmin(
  ctx: Pick<AccountContext, 'db' | 'publicUrl'>,
  input: { email?: unknown; name?: unknown },
): Promise<{ userId: number; link: string; created: boolean }> {
  const { email, problems } = checkEmail(input.email, '--email');
  const name = checkText(input.name ?? email.split('@')[0], '--name', { required: true, max: 200 });
  if (problems.length + name.problems.length > 0)
    throw new ValidationError([...problems, ...name.problems]);
  const token = newToken();
  const result = await ctx.db.transaction().execute(async (trx) => {
    const now = nowIso();
    let user = await users.findUserByEmail(trx, email);
    let created = false;
    if (!user) {
      const id = await users.insertUser(trx, {
        email,
        email_verified_at: now,
        // No usable password until the link is followed.
        password_hash: await argonHash(newToken()),
        name: name.value,
        organisation_id: null,
        country_code: null,
        role: 'admin',
        locale: 'en',
        failed_logins: 0,
        locked_until: null,
        created_at: now,
        updated_at: now,
      });
      user = await users.findUserById(trx, id);
      created = true;
    } else {
      await users.updateUser(trx, user.id, {
        role: 'admin',
        email_verified_at: user.email_verified_at ?? now,
        updated_at: now,
      });
      await users.deleteSessionsOf(trx, user.id);
    }
    if (!user) throw new Error('could not create the account');
    await users.expireEmailTokens(trx, user.id, 'reset', now);
    await users.insertEmailToken(trx, {
      id: sha256(token),
      user_id: user.id,
      purpose: 'reset',
      email,
      created_at: now,
      expires_at: new Date(Date.now() + RESET_TOKEN_MS).toISOString(),
      used_at: null,
    });
    await recordAudit(
      trx,
      ANONYMOUS,
      created ? 'user.admin_created' : 'user.role_changed',
      { type: 'user', id: user.id },
      { to: 'admin', by: 'command line' },
    );
    return { userId: user.id, created };
  });
  return { ...result, link: `${ctx.publicUrl}/account/reset?token=${token}` };
}

export interface Recipient {
  id: number;
  email: string;
  name: string;
  locale: Locale;
  role: Role;
}

/**
 * Where and in which language to write to someone, read when the message is sent (so a queued
 * message holds no address, and none goes to a deleted or unconfirmed account).
 */
export async function recipientOf(db: Db, userId: number): Promise<Recipient | undefined> {
  const user = await users.findUserById(db, userId);
  if (!user || user.email_verified_at === null) return undefined;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    locale: isLocale(user.locale) ? user.locale : 'en',
    role: isRole(user.role) ? user.role : 'member',
  };
}

/**
 * The confirmed account with this address, for adding a person to an organisation: only the id
 * and the name come back, so the address itself is never shown to whoever typed it.
 */
export async function findAccountByEmail(
  db: Db,
  rawEmail: unknown,
): Promise<{ id: number; name: string } | undefined> {
  const email = normaliseEmail(rawEmail);
  if (email === '') return undefined;
  const user = await users.findUserByEmail(db, email);
  if (!user || user.email_verified_at === null) return undefined;
  return { id: user.id, name: user.name };
}
