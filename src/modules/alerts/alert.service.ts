import { randomBytes, timingSafeEqual } from 'node:crypto';
import { type Actor, ANONYMOUS } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import { ForbiddenError, ValidationError } from '../../core/errors.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import { nowIso } from '../../core/text.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import type { AccountDataSection } from '../accounts/index.ts';
import { findOrganisationsByIds } from '../directory/index.ts';
import { getPlaceIndex } from '../places/index.ts';
import { checkFilters as checkSearchFilters, loadCards } from '../practices/index.ts';
import { getTaxonomy } from '../taxonomy/index.ts';
import * as alerts from './alert.repository.ts';
import {
  FOLLOW_KINDS,
  type FollowKind,
  type FollowRow,
  FREQUENCIES,
  type Frequency,
} from './alert.table.ts';
import { canonicalSearch, canonicalTarget, followKey } from './follow-target.ts';

/**
 * Following things and the digest settings of one's own account. Every change is the account
 * holder's, from a signed-in session ('account.manage'), and is audited.
 */
const TARGET_MAX = 600;
const ID = /^[1-9]\d{0,9}$/;

export interface Follow {
  kind: FollowKind;
  target: string;
  label: string;
  /** The page of what is followed, without the locale prefix. */
  path: string;
  createdAt: string;
}

export interface AlertOverview {
  follows: Follow[];
  frequency: Frequency;
}

function owner(actor: Actor): number {
  if (actor.kind !== 'user' || !can(actor, 'account.manage', { id: actor.id }))
    throw new ForbiddenError();
  return actor.id;
}

function checkKind(kind: unknown): FollowKind {
  if (typeof kind !== 'string' || !(FOLLOW_KINDS as readonly string[]).includes(kind))
    throw new ValidationError([
      {
        field: 'kind',
        message: `must be one of ${FOLLOW_KINDS.join(', ')}`,
        key: 'alerts.error.kind',
      },
    ]);
  return kind as FollowKind;
}

const unknownTarget = (kind: FollowKind) =>
  new ValidationError([
    { field: 'target', message: `no ${kind} is found there`, key: 'alerts.error.target' },
  ]);

/** The canonical target and its label in the reader's language; refuses what does not exist. */
async function resolveTarget(
  db: Db,
  locale: Locale,
  kind: FollowKind,
  raw: unknown,
): Promise<{ target: string; label: string }> {
  if (typeof raw !== 'string' || raw.length > TARGET_MAX) throw unknownTarget(kind);
  const target = canonicalTarget(kind, raw);
  switch (kind) {
    case 'practice': {
      const [card] = ID.test(target) ? await loadCards(db, locale, [Number(target)]) : [];
      if (!card) throw unknownTarget(kind);
      return { target, label: card.title };
    }
    case 'organisation': {
      const [organisation] = ID.test(target)
        ? await findOrganisationsByIds(db, [Number(target)])
        : [];
      if (!organisation) throw unknownTarget(kind);
      return { target, label: organisation.name };
    }
    case 'theme': {
      const taxonomy = await getTaxonomy(db, locale);
      const concept = taxonomy.get('theme', target) ?? taxonomy.get('policy-area', target);
      if (!concept) throw unknownTarget(kind);
      return { target, label: concept.label };
    }
    case 'country': {
      const country = (await getPlaceIndex(db, locale)).country(target);
      if (!country) throw unknownTarget(kind);
      return { target: country.code, label: country.name };
    }
    case 'search': {
      const search = canonicalSearch(raw);
      try {
        await checkSearchFilters(db, search.filters);
      } catch (error) {
        if (error instanceof ValidationError) throw unknownTarget(kind);
        throw error;
      }
      return { target: search.target, label: await describeSearch(db, locale, search.target) };
    }
  }
}

/** '“housing” · Germany, Health' for a search's words and filters. */
async function describeSearch(db: Db, locale: Locale, target: string): Promise<string> {
  const { q, filters } = canonicalSearch(target);
  const [taxonomy, places] = await Promise.all([
    getTaxonomy(db, locale),
    getPlaceIndex(db, locale),
  ]);
  const labels = Object.entries(filters).flatMap(([facet, values]) =>
    values.map((v) => {
      if (facet === 'country') return places.country(v)?.name ?? v;
      if (facet === 'region') return places.region(v)?.name ?? v;
      if (facet === 'theme') return taxonomy.label('theme', v);
      if (facet === 'policy_area') return taxonomy.label('policy-area', v);
      if (facet === 'target_group') return taxonomy.label('target-group', v);
      if (facet === 'actor_type') return taxonomy.label('actor-type', v);
      return v;
    }),
  );
  return [...(q === '' ? [] : [`“${q}”`]), labels.join(', ')].filter((s) => s !== '').join(' · ');
}

function pathOf(row: Pick<FollowRow, 'kind' | 'target'>, slugs: Map<string, string>): string {
  switch (row.kind) {
    case 'practice':
      return `/practices/${slugs.get(`practice:${row.target}`) ?? row.target}`;
    case 'organisation':
      return `/organisations/${slugs.get(`organisation:${row.target}`) ?? row.target}`;
    case 'theme':
      return `/themes/${row.target}`;
    case 'country':
      return `/countries/${row.target}`;
    case 'search':
      return `/search${row.target}`;
  }
}

/** The slugs of followed practices and organisations, which may have changed since. */
async function slugsOf(db: Db, locale: Locale, rows: FollowRow[]): Promise<Map<string, string>> {
  const ids = (kind: FollowKind) =>
    rows.filter((r) => r.kind === kind).map((r) => Number(r.target));
  const [cards, organisations] = await Promise.all([
    loadCards(db, locale, ids('practice')),
    findOrganisationsByIds(db, ids('organisation')),
  ]);
  return new Map([
    ...cards.map((c) => [`practice:${c.id}`, c.slug] as const),
    ...organisations.map((o) => [`organisation:${o.id}`, o.slug] as const),
  ]);
}

/** A new follower starts with the default frequency and their own unsubscription token. */
async function ensureSettings(db: Db, userId: number, now: string): Promise<void> {
  await alerts.insertSettingsIfMissing(db, {
    user_id: userId,
    last_sent_at: now,
    unsubscribe_token: randomBytes(24).toString('base64url'),
  });
}

export async function getAlertOverview(
  db: Db,
  actor: Actor,
  locale: Locale,
): Promise<AlertOverview> {
  const userId = owner(actor);
  const [rows, settings] = await Promise.all([
    alerts.listFollowsOf(db, userId),
    alerts.findSettings(db, userId),
  ]);
  const slugs = await slugsOf(db, locale, rows);
  return {
    follows: rows.map((r) => ({
      kind: r.kind,
      target: r.target,
      label: r.label,
      path: pathOf(r, slugs),
      createdAt: r.created_at,
    })),
    frequency: settings?.frequency ?? 'weekly',
  };
}

/** What the person follows, in the copy of their account data. */
export const followingDataSection: AccountDataSection = {
  key: 'following',
  gather: (db, actor, locale) => getAlertOverview(db, actor, locale),
};

/** What the reader follows, as keys for the follow buttons of the pages they read. */
export async function followKeysOf(db: Db, actor: Actor): Promise<Set<string>> {
  if (actor.kind !== 'user') return new Set();
  const rows = await alerts.listFollowsOf(db, actor.id);
  return new Set(rows.map((r) => followKey(r.kind, r.target)));
}

export async function follow(
  db: Db,
  actor: Actor,
  locale: Locale,
  input: { kind?: unknown; target?: unknown },
): Promise<{ kind: FollowKind; target: string; added: boolean }> {
  const userId = owner(actor);
  const kind = checkKind(input.kind);
  const { target, label } = await resolveTarget(db, locale, kind, input.target);
  return write(
    db,
    actor,
    async ({ trx }) => {
      const now = nowIso();
      await ensureSettings(trx, userId, now);
      const added = await alerts.insertFollow(trx, {
        user_id: userId,
        kind,
        target,
        label: label.slice(0, 300),
        created_at: now,
      });
      return { kind, target, added };
    },
    {
      audit: ({ added }) =>
        added
          ? {
              action: 'alerts.followed',
              subject: { type: 'user', id: userId },
              details: { kind, target },
            }
          : null,
    },
  );
}

export async function unfollow(
  db: Db,
  actor: Actor,
  input: { kind?: unknown; target?: unknown },
): Promise<{ removed: boolean }> {
  const userId = owner(actor);
  const kind = checkKind(input.kind);
  if (typeof input.target !== 'string' || input.target.length > TARGET_MAX)
    throw unknownTarget(kind);
  const target = canonicalTarget(kind, input.target);
  return write(
    db,
    actor,
    async ({ trx }) => ({ removed: await alerts.deleteFollow(trx, userId, kind, target) }),
    {
      audit: ({ removed }) =>
        removed
          ? {
              action: 'alerts.unfollowed',
              subject: { type: 'user', id: userId },
              details: { kind, target },
            }
          : null,
    },
  );
}

export async function setFrequency(db: Db, actor: Actor, input: { frequency?: unknown }) {
  const userId = owner(actor);
  const frequency = input.frequency;
  if (typeof frequency !== 'string' || !(FREQUENCIES as readonly string[]).includes(frequency))
    throw new ValidationError([
      {
        field: 'frequency',
        message: `must be one of ${FREQUENCIES.join(', ')}`,
        key: 'alerts.error.frequency',
      },
    ]);
  await write(
    db,
    actor,
    async ({ trx }) => {
      await ensureSettings(trx, userId, nowIso());
      await alerts.updateFrequency(trx, userId, frequency as Frequency);
    },
    {
      audit: {
        action: 'alerts.frequency_changed',
        subject: { type: 'user', id: userId },
        details: { frequency },
      },
    },
  );
}

/** The link of a digest that stops digests without signing in (RFC 8058 one-click too). */
export function unsubscribePath(userId: number, token: string): string {
  return `/alerts/unsubscribe/${userId}/${token}`;
}

/** Whether the pair names someone's unsubscription link; compared in constant time. */
export async function checkUnsubscribeLink(
  db: Db,
  userId: string,
  token: string,
): Promise<number | undefined> {
  if (!ID.test(userId) || token.length > 100) return undefined;
  const settings = await alerts.findSettings(db, Number(userId));
  if (!settings) return undefined;
  const expected = Buffer.from(settings.unsubscribe_token);
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given)
    ? settings.user_id
    : undefined;
}

/** Turns the digest off for the holder of a valid link; false (nothing changed) for any other. */
export async function unsubscribe(db: Db, userId: string, token: string): Promise<boolean> {
  const id = await checkUnsubscribeLink(db, userId, token);
  if (id === undefined) return false;
  // The link, not a session, authenticated this: the audit names the account as its subject.
  await write(db, ANONYMOUS, ({ trx }) => alerts.updateFrequency(trx, id, 'off'), {
    audit: {
      action: 'alerts.unsubscribed',
      subject: { type: 'user', id },
      details: { by: 'link' },
    },
  });
  return true;
}
