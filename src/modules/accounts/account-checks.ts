import { createHash, randomBytes } from 'node:crypto';
import { verify as argonVerify } from '@node-rs/argon2';
import type { Actor } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import {
  type FieldProblem,
  ForbiddenError,
  UnauthenticatedError,
  ValidationError,
} from '../../core/errors.ts';
import { isLocale, type Locale } from '../../core/i18n/locales.ts';
import { problem, readText } from '../../core/validation.ts';
import type { Db } from '../../db/connect.ts';
import { getPlaceIndex } from '../places/index.ts';
import * as users from './account.repository.ts';

/**
 * What the account services share: the checks of what people type, the signed-in user, and
 * the tokens (only their SHA-256 is stored).
 */

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

// ───────────────────────────── Input checks ─────────────────────────────

const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/u;

export function normaliseEmail(raw: unknown): string {
  return typeof raw === 'string' ? raw.trim().toLowerCase() : '';
}

export function checkEmail(
  raw: unknown,
  field = 'email',
): { email: string; problems: FieldProblem[] } {
  const email = normaliseEmail(raw);
  if (email === '')
    return { email, problems: [problem(field, 'is required', 'form.error.required')] };
  if (email.length > 254 || !EMAIL.test(email))
    return { email, problems: [problem(field, 'is not an email address', 'form.error.email')] };
  return { email, problems: [] };
}

export function checkPassword(raw: unknown, email: string, field = 'password'): FieldProblem[] {
  const password = typeof raw === 'string' ? raw : '';
  if (password === '') return [problem(field, 'is required', 'form.error.required')];
  if ([...password].length < 10)
    return [
      problem(field, 'must have at least 10 characters', 'form.error.passwordShort', { min: 10 }),
    ];
  if (password.length > 256)
    return [problem(field, 'must be at most 256 characters', 'form.error.tooLong', { max: 256 })];
  if (email !== '' && password.toLowerCase().includes(email.split('@')[0] ?? email)) {
    return [problem(field, 'must not contain your email address', 'form.error.passwordEmail')];
  }
  return [];
}

/** A one-line text field (a name, an organisation): the shared reader, with white space folded. */
export function checkText(
  raw: unknown,
  field: string,
  options: { required: boolean; max: number },
): { value: string; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const value = readText(problems, field, raw, { ...options, singleLine: true }) ?? '';
  return { value, problems };
}

export async function checkCountry(
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

export function checkLocale(raw: unknown): Locale {
  return isLocale(raw) ? raw : 'en';
}

// ───────────────────────────── The signed-in user ─────────────────────────────

export async function requireUser(db: Db, actor: Actor) {
  if (actor.kind !== 'user') throw new UnauthenticatedError();
  const user = await users.findUserById(db, actor.id);
  if (!user) throw new UnauthenticatedError();
  if (!can(actor, 'account.manage', { id: user.id })) throw new ForbiddenError();
  return user;
}

export async function checkCurrentPassword(hash: string, raw: unknown, field = 'current_password') {
  const ok =
    typeof raw === 'string' && raw !== '' && (await argonVerify(hash, raw).catch(() => false));
  if (!ok)
    throw new ValidationError([
      problem(field, 'is not your current password', 'form.error.currentPassword'),
    ]);
}
