import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { directionOf } from '../../../core/i18n/locales.ts';
import { formatInZone } from '../../../core/time.ts';
import { DownloadBlock } from '../../../views/components/DownloadBlock.tsx';
import { EditorLink } from '../../../views/components/EditorLink.tsx';
import { FactRow } from '../../../views/components/FactRow.tsx';
import { Pagination } from '../../../views/components/Pagination.tsx';
import { listSeparator } from '../../../views/components/PlaceName.tsx';
import { PracticeCard } from '../../../views/components/PracticeCard.tsx';
import { TranslationNote } from '../../../views/components/TranslationNote.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import { allDayDate, type EventWhen } from '../event.model.ts';
import {
  type EventDetail,
  type EventList,
  type EventSummary,
  FOUNDING_EVENT_SLUG,
  FOUNDING_PRESS_PATH,
} from '../event.service.ts';

function countryName(ctx: ViewContext, code: string | null): string | null {
  if (!code) return null;
  try {
    return new Intl.DisplayNames([ctx.locale], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * A moment in the event's zone (named), and in UTC for readers elsewhere; the script turns the
 * UTC line into the reader's own zone where it runs. For an all-day event, the date alone: its
 * times are not known, and a date has no zone to convert.
 */
export function EventTime({
  ctx,
  iso,
  zone,
  allDay = false,
}: {
  ctx: ViewContext;
  iso: string;
  zone: string;
  allDay?: boolean;
}) {
  if (allDay)
    return (
      <span class="event-time">
        <time datetime={allDayDate(iso)} safe>
          {ctx.date(iso)}
        </time>
      </span>
    );
  return (
    <span class="event-time">
      <time datetime={iso}>
        <span safe>{formatInZone(iso, ctx.locale, zone)}</span>{' '}
        {/* A zone name is Latin script: isolated, so its brackets keep their place in Arabic. */}
        <bdi class="muted" dir="ltr" safe>{`(${zone.replaceAll('_', ' ')})`}</bdi>
      </time>
      <span class="event-time__utc muted" data-local-time={iso}>
        <span safe>{formatInZone(iso, ctx.locale, 'UTC')}</span> UTC
      </span>
    </span>
  );
}

function Where({ ctx, event }: { ctx: ViewContext; event: EventSummary }) {
  const place = event.venue
    ? [event.venue.name, event.venue.city, countryName(ctx, event.venue.country)]
        .filter(Boolean)
        .join(listSeparator(ctx.locale))
    : '';
  return (
    <>
      {place ? <span safe>{place}</span> : ''}
      {place && event.online ? ' · ' : ''}
      {event.online ? <span>{ctx.t('events.online')}</span> : ''}
    </>
  );
}

/** The events of a list; under a section heading of its own (`nested`), their titles are h3. */
function EventItems({
  ctx,
  items,
  nested = false,
}: {
  ctx: ViewContext;
  items: EventList['items'];
  nested?: boolean;
}) {
  const { t } = ctx;
  return (
    <ul class="plain-list events-list">
      {items.map((event) => {
        const link = (
          <a
            href={ctx.href(`/events/${event.slug}`)}
            hreflang={event.displayLanguage}
            lang={event.displayLanguage}
            dir={directionOf(event.displayLanguage)}
            safe
          >
            {event.title}
          </a>
        );
        return (
          <li>
            {nested ? <h3>{link}</h3> : <h2>{link}</h2>}
            <p>
              <span class="state">{t(`events.type.${event.type}` as MessageKey)}</span>{' '}
              <EventTime
                ctx={ctx}
                iso={event.startsAt}
                zone={event.timeZone}
                allDay={event.allDay}
              />
            </p>
            <p>
              <Where ctx={ctx} event={event} />
            </p>
          </li>
        );
      })}
    </ul>
  );
}

export function EventsPage({
  ctx,
  when,
  list,
  recent,
  pageCount,
}: {
  ctx: ViewContext;
  when: EventWhen;
  list: EventList;
  /** The latest past events, shown when nothing is planned. */
  recent?: EventList | undefined;
  pageCount: number;
}) {
  const { t } = ctx;
  const title = ctx.text('events.title');
  return (
    <Layout ctx={ctx} title={title} description={ctx.text('events.lead')}>
      <h1>{t('events.title')}</h1>
      <p class="lead">{t('events.lead')}</p>
      <nav aria-label={ctx.text('events.title')}>
        <ul class="inline-list">
          <li>
            {when === 'upcoming' ? (
              <strong aria-current="page">{t('events.upcoming')}</strong>
            ) : (
              <a href={ctx.href('/events')}>{t('events.upcoming')}</a>
            )}
          </li>
          <li>
            {when === 'past' ? (
              <strong aria-current="page">{t('events.past')}</strong>
            ) : (
              <a href={ctx.href('/events?when=past')}>{t('events.past')}</a>
            )}
          </li>
          <li>
            <a href={ctx.href('/events/calendar.ics')}>{t('events.calendar')}</a>
          </li>
          <li>
            <a href={ctx.href('/events/feed.atom')} type="application/atom+xml">
              Atom
            </a>
          </li>
          <li>
            <a href={ctx.href('/events/feed.rss')} type="application/rss+xml">
              RSS
            </a>
          </li>
        </ul>
      </nav>
      <EditorLink ctx={ctx} action="events.manage" path="/editor/events/new">
        {t('events.new')}
      </EditorLink>
      {list.items.length === 0 ? (
        <p>{when === 'upcoming' ? t('events.noneUpcoming') : t('events.nonePast')}</p>
      ) : (
        <EventItems ctx={ctx} items={list.items} />
      )}
      {recent && recent.items.length > 0 ? (
        <section aria-labelledby="recent-events">
          <h2 id="recent-events">{t('events.recent')}</h2>
          <EventItems ctx={ctx} items={recent.items} nested />
          <p>
            <a href={ctx.href('/events?when=past')}>
              {t('events.allPast', { count: recent.total })}
            </a>
          </p>
        </section>
      ) : (
        ''
      )}
      <Pagination
        ctx={ctx}
        page={list.page}
        pageCount={pageCount}
        link={(n) => ctx.href(`/events?${when === 'past' ? 'when=past&' : ''}page=${n}`)}
      />
      <DownloadBlock ctx={ctx} base="/events" query={when === 'past' ? '?when=past' : ''} />
    </Layout>
  );
}

export function EventPage({
  ctx,
  event,
  afterArticle = [],
  jsonLd,
}: {
  ctx: ViewContext;
  event: EventDetail;
  /** Panels of other modules below the event (see event.slots.ts). */
  afterArticle?: JSX.Element[];
  jsonLd: Record<string, unknown>;
}) {
  const { t } = ctx;
  const lang = event.displayLanguage;
  // Once the event is over, its webcast address is where its record is kept, unless a recording
  // of its own is given.
  const recordUrl = event.recordingUrl ?? (event.past ? event.webcastUrl : null);
  return (
    <Layout
      ctx={ctx}
      title={event.title}
      description={event.description.slice(0, 160)}
      ogType="article"
      jsonLd={jsonLd}
    >
      <nav class="breadcrumbs" aria-label={ctx.text('nav.breadcrumbs')}>
        <ol>
          <li>
            <a href={ctx.href('/events')}>{t('events.title')}</a>
          </li>
        </ol>
      </nav>
      <article class="event" lang={lang} dir={directionOf(lang)}>
        <h1 safe>{event.title}</h1>
        {event.displayLanguage !== ctx.locale ? (
          <p class="notice" lang={ctx.locale} dir={ctx.dir}>
            {t('events.originalLanguage', { language: ctx.language(event.language) })}
          </p>
        ) : (
          ''
        )}
        <TranslationNote ctx={ctx} shown={event} />
        {event.past ? (
          <p class="notice notice--past" lang={ctx.locale} dir={ctx.dir}>
            {t('events.pastNotice', { date: ctx.date(event.endsAt) })}
          </p>
        ) : (
          ''
        )}
        <dl class="facts__list" lang={ctx.locale} dir={ctx.dir}>
          <FactRow label={t('events.field.type')}>
            {t(`events.type.${event.type}` as MessageKey)}
          </FactRow>
          <FactRow label={t('events.starts')}>
            <EventTime ctx={ctx} iso={event.startsAt} zone={event.timeZone} allDay={event.allDay} />
          </FactRow>
          <FactRow label={t('events.ends')}>
            <EventTime ctx={ctx} iso={event.endsAt} zone={event.timeZone} allDay={event.allDay} />
          </FactRow>
          <FactRow label={t('events.where')}>
            {event.venue ? (
              <address>
                {[
                  event.venue.name,
                  event.venue.address,
                  event.venue.city,
                  countryName(ctx, event.venue.country),
                ]
                  .filter(Boolean)
                  .map((line) => (
                    <>
                      <span safe>{line}</span>
                      <br />
                    </>
                  ))}
              </address>
            ) : (
              ''
            )}
            {event.online ? <span>{t('events.online')}</span> : ''}
          </FactRow>
          {(['organiser', 'co-sponsor', 'partner'] as const).map((role) => {
            const organisations = event.organisations.filter((o) => o.role === role);
            return organisations.length === 0 ? (
              ''
            ) : (
              <FactRow
                label={t(`events.role.${role}` as MessageKey, { count: organisations.length })}
              >
                <ul class="plain-list">
                  {organisations.map((o) => (
                    <li>
                      <a href={ctx.href(`/organisations/${o.slug}`)} safe>
                        {o.name}
                      </a>
                    </li>
                  ))}
                </ul>
              </FactRow>
            );
          })}
        </dl>
        <p class="inline-list" lang={ctx.locale} dir={ctx.dir}>
          {event.past ? (
            ''
          ) : (
            <a class="button button--secondary" href={ctx.href(`/events/${event.slug}/event.ics`)}>
              {t('events.addToCalendar')}
            </a>
          )}{' '}
          {event.webcastUrl && !event.past ? (
            <a class="button button--secondary" href={event.webcastUrl} rel="noopener">
              {t('events.watchLive')}
            </a>
          ) : (
            ''
          )}{' '}
          {recordUrl ? (
            <a class="button button--secondary" href={recordUrl} rel="noopener">
              {t('events.recording')}
            </a>
          ) : (
            ''
          )}{' '}
          {event.captionsUrl ? (
            <a class="button button--secondary" href={event.captionsUrl} rel="noopener">
              {t('events.captions')}
            </a>
          ) : (
            ''
          )}
        </p>
        {event.description.split(/\n{2,}/).map((p) => (
          <p safe>{p}</p>
        ))}
        {event.slug === FOUNDING_EVENT_SLUG ? <FoundingOutcome ctx={ctx} /> : ''}
        {event.speakers.length > 0 ? (
          <section
            aria-labelledby="event-speakers"
            lang={event.language}
            dir={directionOf(event.language)}
          >
            <h2 id="event-speakers" lang={ctx.locale} dir={ctx.dir}>
              {t('events.speakers')}
            </h2>
            <ul class="plain-list">
              {event.speakers.map((s) => (
                <li>
                  <strong safe>{s.name}</strong>
                  {s.title || s.affiliation ? (
                    <span
                      safe
                    >{`${listSeparator(ctx.locale)}${[s.title, s.affiliation].filter(Boolean).join(listSeparator(ctx.locale))}`}</span>
                  ) : (
                    ''
                  )}
                  {s.part ? <span class="muted" safe>{` — ${s.part}`}</span> : ''}
                </li>
              ))}
            </ul>
          </section>
        ) : (
          ''
        )}
        {event.agenda.length > 0 ? (
          <section
            aria-labelledby="event-agenda"
            lang={event.language}
            dir={directionOf(event.language)}
          >
            <h2 id="event-agenda" lang={ctx.locale} dir={ctx.dir}>
              {t('events.agenda')}
            </h2>
            <ol class="plain-list">
              {event.agenda.map((a) => (
                <li>
                  {a.startsAt ? (
                    <time datetime={a.startsAt} safe>
                      {new Intl.DateTimeFormat(ctx.locale, {
                        timeStyle: 'short',
                        timeZone: event.timeZone,
                      }).format(new Date(a.startsAt))}
                    </time>
                  ) : (
                    ''
                  )}{' '}
                  <strong safe>{a.title}</strong>
                  {a.speakers ? <span class="muted" safe>{` — ${a.speakers}`}</span> : ''}
                </li>
              ))}
            </ol>
          </section>
        ) : (
          ''
        )}
        {event.documents.length > 0 ? (
          <section aria-labelledby="event-documents">
            <h2 id="event-documents" lang={ctx.locale} dir={ctx.dir}>
              {t('events.documents')}
            </h2>
            <ul class="plain-list">
              {event.documents.map((d) => (
                <li>
                  <a href={d.url} rel="noopener" safe>
                    {d.title}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ) : (
          ''
        )}
      </article>
      {afterArticle}
      {event.practices.length > 0 ? (
        <section aria-labelledby="event-practices">
          <h2 id="event-practices">{t('events.practices')}</h2>
          <ul class="grid grid--2 latest">
            {event.practices.map((card) => (
              <li>
                <PracticeCard ctx={ctx} card={card} />
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      <EditorLink ctx={ctx} action="events.manage" path={`/editor/events/${event.slug}/edit`}>
        {t('events.edit')}
      </EditorLink>
    </Layout>
  );
}

/**
 * What the founding roundtable was to produce, in the words of the press release that announced
 * it (26 September 2009), with that release as its source; the About page links here.
 */
function FoundingOutcome({ ctx }: { ctx: ViewContext }) {
  const { t } = ctx;
  return (
    <section id="outcome" aria-labelledby="event-outcome" lang={ctx.locale} dir={ctx.dir}>
      <h2 id="event-outcome">{t('events.outcome.heading')}</h2>
      <p>{t('events.outcome.intro')}</p>
      <ul>
        <li>{t('events.outcome.clearinghouse')}</li>
        <li>{t('events.outcome.networking')}</li>
      </ul>
      <p class="muted">
        <a href={ctx.href(FOUNDING_PRESS_PATH)}>{t('events.outcome.source')}</a>
      </p>
    </section>
  );
}
