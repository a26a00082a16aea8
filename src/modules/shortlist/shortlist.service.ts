import type { Actor } from '../../core/actor.ts';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import { nowIso } from '../../core/text.ts';
import type { Db } from '../../db/connect.ts';
import {
  findPracticeRef,
  getPractice,
  loadCards,
  type PracticeCard,
  type PracticeDetail,
} from '../practices/index.ts';
import * as shortlists from './shortlist.repository.ts';

/** Enough to compare, few enough to read side by side and to fit a cookie. */
export const SHORTLIST_MAX = 30;
export const SHORTLIST_COOKIE = 'shortlist';

/**
 * A shortlist is kept in a cookie for visitors and in the database for people signed in; when a
 * visitor signs in, what they had gathered is added to their saved list.
 */
export interface ShortlistState {
  ids: number[];
  /** The cookie to set: the visitor's new list, or null to delete it; undefined leaves it alone. */
  cookie?: string | null;
}

/** The practice ids of a cookie; anything that is not a list of ids is ignored, not an error. */
export function parseShortlistCookie(value: string | undefined): number[] {
  if (!value || value.length > 400) return [];
  const ids: number[] = [];
  for (const part of value.split('.')) {
    if (!/^[1-9]\d{0,9}$/.test(part)) continue;
    const id = Number(part);
    if (!ids.includes(id)) ids.push(id);
  }
  return ids.slice(0, SHORTLIST_MAX);
}

function cookieOf(ids: number[]): string | null {
  return ids.length === 0 ? null : ids.join('.');
}

function savesLists(actor: Actor): actor is Extract<Actor, { kind: 'user' }> {
  return actor.kind === 'user' && actor.via === 'session';
}

/** The reader's list; a visitor's cookie is moved into the account of someone signed in. */
export async function readShortlist(
  db: Db,
  actor: Actor,
  cookieIds: number[],
): Promise<ShortlistState> {
  if (!savesLists(actor)) return { ids: cookieIds };
  if (cookieIds.length === 0) return { ids: await shortlists.listShortlistIds(db, actor.id) };
  const saved = await shortlists.listShortlistIds(db, actor.id);
  const room = Math.max(0, SHORTLIST_MAX - saved.length);
  const known = new Set((await loadCards(db, 'en', cookieIds)).map((c) => c.id));
  const incoming = cookieIds.filter((id) => known.has(id) && !saved.includes(id)).slice(0, room);
  await shortlists.insertShortlistItems(db, actor.id, incoming, nowIso());
  return { ids: [...saved, ...incoming], cookie: null };
}

export async function addToShortlist(
  db: Db,
  actor: Actor,
  cookieIds: number[],
  slug: string,
): Promise<ShortlistState & { title: string }> {
  const practice = await findPracticeRef(db, { slug });
  if (!practice)
    throw new NotFoundError(
      'practice_not_found',
      `No practice is found at "${slug.slice(0, 100)}".`,
    );
  const current = await readShortlist(db, actor, cookieIds);
  if (current.ids.includes(practice.id)) return { ...current, title: practice.title };
  if (current.ids.length >= SHORTLIST_MAX)
    throw new ValidationError([
      {
        field: 'practice',
        message: `a shortlist holds at most ${SHORTLIST_MAX} practices`,
        key: 'shortlist.error.full',
        values: { max: SHORTLIST_MAX },
      },
    ]);
  const ids = [...current.ids, practice.id];
  if (savesLists(actor)) {
    await shortlists.insertShortlistItems(db, actor.id, [practice.id], nowIso());
    return { ids, cookie: current.cookie, title: practice.title };
  }
  return { ids, cookie: cookieOf(ids), title: practice.title };
}

export async function removeFromShortlist(
  db: Db,
  actor: Actor,
  cookieIds: number[],
  practiceId: number,
): Promise<ShortlistState> {
  const current = await readShortlist(db, actor, cookieIds);
  const ids = current.ids.filter((id) => id !== practiceId);
  if (savesLists(actor)) {
    await shortlists.deleteShortlistItem(db, actor.id, practiceId);
    return { ids, cookie: current.cookie };
  }
  return { ids, cookie: cookieOf(ids) };
}

export async function clearShortlist(db: Db, actor: Actor): Promise<ShortlistState> {
  if (savesLists(actor)) await shortlists.deleteShortlist(db, actor.id);
  return { ids: [], cookie: null };
}

/** The practices of a list, in the order they were added (practices deleted since are left out). */
export async function shortlistCards(
  db: Db,
  locale: Locale,
  ids: number[],
): Promise<PracticeCard[]> {
  const cards = new Map((await loadCards(db, locale, ids)).map((c) => [c.id, c]));
  return ids.map((id) => cards.get(id)).filter((c): c is PracticeCard => c !== undefined);
}

/** Each practice in full, for the side-by-side comparison and the printable brief. */
export async function shortlistDetails(
  db: Db,
  locale: Locale,
  ids: number[],
): Promise<PracticeDetail[]> {
  const cards = await shortlistCards(db, locale, ids);
  return Promise.all(cards.map((card) => getPractice(db, locale, card.slug)));
}
