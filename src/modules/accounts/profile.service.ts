import { type Actor, ANONYMOUS, isRole, type Role } from '../../core/actor.ts';
import { ValidationError } from '../../core/errors.ts';
import { isLocale, type Locale } from '../../core/i18n/locales.ts';
import { nowIso } from '../../core/text.ts';
import { problem } from '../../core/validation.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import type { AccountSlots, OrganisationLookup } from './account.ports.ts';
import * as users from './account.repository.ts';
import {
  checkCountry,
  checkCurrentPassword,
  checkLocale,
  checkText,
  normaliseEmail,
  requireUser,
} from './account-checks.ts';
import { deletionKeepers } from './account-deletion.ts';

/**
 * The person's own data: the profile, the copy of everything held about them, the deletion of
 * the account, and the few facts other modules may look up (where to write to someone).
 */

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

export async function getProfile(
  db: Db,
  actor: Actor,
  organisations: OrganisationLookup,
): Promise<Profile> {
  const user = await requireUser(db, actor);
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    organisation: await organisations.nameOf(db, user.organisation_id),
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
  organisations: OrganisationLookup,
): Promise<void> {
  const user = await requireUser(db, actor);
  const name = checkText(input.name, 'name', { required: true, max: 200 });
  const organisation = checkText(input.organisation, 'organisation', { required: false, max: 200 });
  const country = await checkCountry(db, input.country);
  const problems = [...name.problems, ...organisation.problems, ...country.problems];
  if (problems.length > 0) throw new ValidationError(problems);
  await write(
    db,
    actor,
    async ({ trx }) => {
      const organisationId = organisation.value
        ? await organisations.resolve(trx, organisation.value, country.code)
        : null;
      await users.updateUser(trx, user.id, {
        name: name.value,
        organisation_id: organisationId,
        country_code: country.code,
        locale: checkLocale(input.locale),
        updated_at: nowIso(),
      });
    },
    { audit: { action: 'user.profile_updated', subject: { type: 'user', id: user.id } } },
  );
}

// ───────────────────────────── Privacy ─────────────────────────────

/**
 * Everything held about the account, as one JSON document for the person it belongs to: the
 * account itself, then each section the other modules hold (their public profile, memberships,
 * follows, messages, comments) under its key.
 */
export async function exportUserData(db: Db, actor: Actor, locale: Locale, slots: AccountSlots) {
  const profile = await getProfile(db, actor, slots.organisations);
  const user = await requireUser(db, actor);
  const [sessions, tokens, events, sections] = await Promise.all([
    users.listSessionsOf(db, user.id),
    users.listApiTokensOf(db, user.id),
    users.listAuditOf(db, user.id),
    Promise.all(slots.dataSections.map((section) => section.gather(db, actor, locale))),
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
    ...Object.fromEntries(slots.dataSections.map((section, i) => [section.key, sections[i]])),
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
  // Recorded as nobody's act: the account it would name is gone.
  await write(
    db,
    ANONYMOUS,
    async ({ trx }) => {
      let standInId: number | undefined;
      const standIn = async () => {
        standInId ??= await users.insertStandIn(trx, nowIso());
        return standInId;
      };
      for (const keep of deletionKeepers()) await keep(trx, user.id, standIn);
      await users.deleteUser(trx, user.id);
      return standInId !== undefined;
    },
    {
      audit: (keptOnRecord) => ({
        action: 'user.deleted',
        subject: { type: 'user', id: user.id },
        ...(keptOnRecord ? { details: { kept_on_record: true } } : {}),
      }),
    },
  );
}

// ───────────────────────────── For other modules ─────────────────────────────

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
