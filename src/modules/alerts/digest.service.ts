import { localePath } from '../../core/http/locale.ts';
import { translator } from '../../core/i18n/i18n.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import type { Db } from '../../db/connect.ts';
import { recipientOf } from '../accounts/index.ts';
import { listRepliesToUserSince, type ReplyNotice } from '../discussions/index.ts';
import {
  type EventSummary,
  eventEnd,
  listEvents,
  listEventsForOrganisation,
} from '../events/index.ts';
import { enqueueEmail, enqueueJob, type JobHandler } from '../jobs/index.ts';
import {
  findPracticeRef,
  listPracticesOfOrganisation,
  loadCards,
  type PracticeCard,
} from '../practices/index.ts';
import { search } from '../search/index.ts';
import { getTaxonomy } from '../taxonomy/index.ts';
import * as alerts from './alert.repository.ts';
import { unsubscribePath } from './alert.service.ts';
import type { FollowRow } from './alert.table.ts';
import { canonicalSearch } from './follow-target.ts';

/**
 * The digest: once a day or once a week, one email per person listing what appeared since their
 * last one on what they follow (new and updated practices, new events, answers to their
 * questions). Nothing new, no email. The period moves on in the transaction that queues the
 * email, under a dedupe key naming the period, so a digest is never sent twice.
 *
 *   await runDigests(db, new Date(), { publicUrl: 'https://example.org' })  // → 3 emails queued
 */
export const DIGEST_JOB = 'alerts.digest';
const HOUR_MS = 3600_000;
const PERIOD_MS = { daily: 24 * HOUR_MS, weekly: 7 * 24 * HOUR_MS } as const;
/** Enough to be worth a look, few enough to read in an email. */
const MAX_PRACTICES = 30;
const MAX_EVENTS = 10;
const MAX_REPLIES = 20;
/** Practices examined per followed search or organisation, newest first. */
const SCAN = 50;
const BATCH = 200;

export interface DigestOptions {
  publicUrl: string;
}

export interface DigestContent {
  practices: { card: PracticeCard; isNew: boolean }[];
  events: EventSummary[];
  replies: ReplyNotice[];
}

/** Per run: many people follow the same theme, and read in the same few languages. */
class RunCache {
  private readonly searches = new Map<string, Promise<PracticeCard[]>>();
  private readonly events = new Map<string, Promise<EventSummary[]>>();
  constructor(
    readonly db: Db,
    readonly now: Date,
  ) {}

  newest(locale: Locale, query: string): Promise<PracticeCard[]> {
    const key = `${locale}:${query}`;
    let found = this.searches.get(key);
    if (!found) {
      const { q, filters } = canonicalSearch(query);
      found = search(this.db, {
        q,
        filters,
        page: 1,
        perPage: SCAN,
        sort: 'newest',
        locale,
        // A digest is not a search anyone typed.
        log: false,
      }).then((result) => result.hits.map((h) => h.card));
      this.searches.set(key, found);
    }
    return found;
  }

  upcomingEvents(locale: Locale): Promise<EventSummary[]> {
    let found = this.events.get(locale);
    if (!found) {
      found = listEvents(this.db, locale, { when: 'upcoming', page: 1, perPage: 100 }).then(
        (list) => list.items,
      );
      this.events.set(locale, found);
    }
    return found;
  }
}

/** What is new for one person between `since` (excluded) and `until` (included). */
async function collect(
  cache: RunCache,
  locale: Locale,
  userId: number,
  follows: FollowRow[],
  since: string,
): Promise<DigestContent> {
  const { db } = cache;
  const until = cache.now.toISOString();
  const fresh = (at: string) => at > since && at <= until;
  const found = new Map<number, PracticeCard>();
  const add = (cards: PracticeCard[]) => {
    for (const card of cards)
      if (fresh(card.updatedAt) && !found.has(card.id)) found.set(card.id, card);
  };
  const taxonomy = await getTaxonomy(db, 'en');
  const practiceIds: number[] = [];
  const organisationIds: number[] = [];
  for (const row of follows) {
    switch (row.kind) {
      case 'practice':
        practiceIds.push(Number(row.target));
        break;
      case 'organisation':
        organisationIds.push(Number(row.target));
        add((await listPracticesOfOrganisation(db, locale, Number(row.target), SCAN)).items);
        break;
      case 'theme': {
        const filter = taxonomy.has('policy-area', row.target) ? 'policy_area' : 'theme';
        add(await cache.newest(locale, `?${filter}=${encodeURIComponent(row.target)}`));
        break;
      }
      case 'country':
        add(await cache.newest(locale, `?country=${encodeURIComponent(row.target)}`));
        break;
      case 'search':
        add(await cache.newest(locale, row.target));
        break;
    }
  }
  add(await loadCards(db, locale, practiceIds));
  const cards = [...found.values()]
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    .slice(0, MAX_PRACTICES);
  const practices = await Promise.all(
    cards.map(async (card) => {
      const row = await findPracticeRef(db, { slug: card.slug });
      return { card, isNew: row === undefined || row.createdAt > since };
    }),
  );

  // Events carry no themes: those of followed organisations when there are any, else every new one.
  const upcoming = (event: EventSummary) => fresh(event.createdAt) && eventEnd(event) > until;
  let events: EventSummary[];
  if (organisationIds.length > 0) {
    const byId = new Map<number, EventSummary>();
    for (const id of organisationIds)
      for (const event of await listEventsForOrganisation(db, id, locale))
        if (upcoming(event)) byId.set(event.id, event);
    events = [...byId.values()];
  } else {
    events = (await cache.upcomingEvents(locale)).filter(upcoming);
  }
  events = events.sort((a, b) => a.startsAt.localeCompare(b.startsAt)).slice(0, MAX_EVENTS);

  const answers = (await listRepliesToUserSince(db, userId, since, locale))
    .filter((r) => fresh(r.createdAt))
    .slice(0, MAX_REPLIES);
  return { practices, events, replies: answers };
}

const isEmpty = (c: DigestContent) =>
  c.practices.length === 0 && c.events.length === 0 && c.replies.length === 0;

/** The list of the email, as plain text in the reader's language, one link per item. */
export function digestText(content: DigestContent, locale: Locale, publicUrl: string): string {
  const t = translator(locale);
  const url = (path: string) => `${publicUrl}${localePath(locale, path)}`;
  const oneLine = (text: string, max: number) => {
    const line = text.replace(/\s+/g, ' ').trim();
    return line.length > max ? `${line.slice(0, max - 1)}…` : line;
  };
  const sections: string[] = [];
  if (content.practices.length > 0)
    sections.push(
      [
        t('alerts.digest.practices'),
        ...content.practices.map(({ card, isNew }) => {
          const place = card.cityName
            ? t('practice.place', { city: card.cityName, country: card.countryName })
            : card.countryName;
          const mark = isNew ? '' : ` (${t('alerts.digest.updated')})`;
          return `- ${oneLine(card.title, 200)}${mark} — ${place}\n  ${url(`/practices/${encodeURIComponent(card.slug)}`)}`;
        }),
      ].join('\n'),
    );
  if (content.events.length > 0) {
    const day = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    sections.push(
      [
        t('alerts.digest.events'),
        ...content.events.map(
          (e) =>
            `- ${oneLine(e.title, 200)} — ${day.format(new Date(e.startsAt))}\n  ${url(`/events/${encodeURIComponent(e.slug)}`)}`,
        ),
      ].join('\n'),
    );
  }
  if (content.replies.length > 0)
    sections.push(
      [
        t('alerts.digest.replies'),
        ...content.replies.map(
          (r) =>
            // The link, not the reply's text: a reply may be hidden after the digest has left.
            `- ${oneLine(r.authorName, 80)} — “${oneLine(r.subjectTitle, 120)}”\n  ${url(r.subjectPath)}`,
        ),
      ].join('\n'),
    );
  return sections.join('\n\n');
}

/** Queues the digests that are due; returns how many were queued. */
export async function runDigests(db: Db, now: Date, options: DigestOptions): Promise<number> {
  const cache = new RunCache(db, now);
  const cutoffs = {
    daily: new Date(now.getTime() - PERIOD_MS.daily).toISOString(),
    weekly: new Date(now.getTime() - PERIOD_MS.weekly).toISOString(),
  };
  const until = now.toISOString();
  let queued = 0;
  let after = 0;
  for (;;) {
    const due = await alerts.listDueSettings(db, cutoffs, after, BATCH);
    if (due.length === 0) break;
    after = due[due.length - 1]?.user_id ?? after;
    for (const settings of due) {
      const recipient = await recipientOf(db, settings.user_id);
      // Not confirmed (or gone): nothing could be sent, and the period stays open until it is.
      if (!recipient) continue;
      const since = settings.last_sent_at;
      const follows = await alerts.listFollowsOf(db, settings.user_id);
      const content = await collect(cache, recipient.locale, settings.user_id, follows, since);
      // Nothing new: no email, and the period stays open, so the next item starts one at once.
      if (isEmpty(content)) continue;
      const stopPath = unsubscribePath(settings.user_id, settings.unsubscribe_token);
      const sent = await db.transaction().execute(async (trx) => {
        if (!(await alerts.advanceLastSent(trx, settings.user_id, since, until))) return false;
        await enqueueEmail(trx, {
          userId: settings.user_id,
          kind: 'digest',
          values: {
            items: digestText(content, recipient.locale, options.publicUrl),
            count: content.practices.length + content.events.length + content.replies.length,
            unsubscribe: `${options.publicUrl}${stopPath}`,
          },
          linkPath: '/account/alerts',
          unsubscribePath: stopPath,
          dedupeKey: `digest:${settings.user_id}:${since}`,
        });
        return true;
      });
      if (sent) queued++;
    }
    if (due.length < BATCH) break;
  }
  return queued;
}

/** The start of the hour after `now`. */
function nextHour(now: Date): Date {
  return new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS);
}

/** One digest run an hour, at most one job per hour ever (idempotent). */
export async function scheduleDigestRun(db: Db, at: Date): Promise<void> {
  const hour = new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
  await enqueueJob(db, {
    kind: DIGEST_JOB,
    payload: { hour: hour.toISOString() },
    runAt: hour,
    dedupeKey: `${DIGEST_JOB}:${hour.toISOString()}`,
    maxAttempts: 3,
  });
}

/** The job: queues the next hour's run first, so the schedule carries on without a restart. */
export function createDigestJobHandler(
  options: DigestOptions & { now?: () => Date },
): JobHandler<{ hour?: string }> {
  const clock = options.now ?? (() => new Date());
  return async (_payload, ctx) => {
    const now = clock();
    await scheduleDigestRun(ctx.db, nextHour(now));
    await runDigests(ctx.db, now, options);
  };
}

/** On start: this hour's run (at once if it was never made) and the next. */
export async function scheduleDigests(db: Db, now: Date): Promise<void> {
  await scheduleDigestRun(db, now);
  await scheduleDigestRun(db, nextHour(now));
}
