import type { ViewContext } from '../../../core/http/view-context.ts';
import { PracticeCard } from '../../../views/components/PracticeCard.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import type { PracticeMap } from '../../atlas/index.ts';
import { PracticeMapFigure } from '../../atlas/index.ts';
import type { EventSummary } from '../../events/index.ts';
import type { Overview } from '../../practices/index.ts';
import type { NewsSummary } from '../../press/index.ts';

export function HomePage({
  ctx,
  overview,
  worldMap,
  events,
  news,
}: {
  ctx: ViewContext;
  overview: Overview;
  worldMap: PracticeMap;
  /** The next events planned and the latest that took place. */
  events: { upcoming: EventSummary[]; past: EventSummary[] };
  news: NewsSummary[];
}) {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={ctx.text('home.title')}
      description={ctx.text('home.intro')}
      feedQuery=""
    >
      <section class="hero" aria-labelledby="home-heading">
        <h1 id="home-heading">{t('home.heading')}</h1>
        <p class="lead">{t('home.intro')}</p>
        <search>
          <form method="get" action={ctx.href('/search')} class="home-search">
            <label for="home-q" class="visually-hidden">
              {t('search.label')}
            </label>
            <div class="search__row">
              <input
                type="search"
                id="home-q"
                name="q"
                placeholder={ctx.text('search.placeholder')}
                aria-describedby="home-examples"
              />
              <button type="submit" class="button">
                {t('search.submit')}
              </button>
            </div>
            <p id="home-examples" class="muted search__examples">
              {t('search.examples', {
                examples: [
                  ctx.text('search.example1'),
                  ctx.text('search.example2'),
                  ctx.text('search.example3'),
                ].join(' · '),
              })}
            </p>
          </form>
        </search>
        <p>
          <a href={ctx.href('/practices')}>{t('home.browse', { count: overview.total })}</a>
        </p>
        <p class="home-evidence">
          {t('home.evidence')} <a href={ctx.href('/evidence')}>{t('home.evidenceLink')}</a>
        </p>
      </section>

      <section aria-labelledby="areas-heading">
        <h2 id="areas-heading">{t('home.areas')}</h2>
        <ul class="grid grid--3 area-cards">
          {overview.policyAreas.map((area) => (
            <li class="card area-card">
              <h3 class="card__title">
                <a href={ctx.href(`/themes/${area.id}`)} safe>
                  {area.label}
                </a>
              </h3>
              <p class="muted">{t('practices.count', { count: area.count })}</p>
              <p class="card__summary" safe>
                {area.definition}
              </p>
              <ul class="inline-list">
                {area.themes.map((theme) => (
                  <li>
                    <a href={ctx.href(`/themes/${theme.id}`)} safe>
                      {theme.label}
                    </a>{' '}
                    <span class="count">{ctx.number(theme.count)}</span>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="latest-heading">
        <h2 id="latest-heading">{t('home.latest')}</h2>
        <ul class="grid grid--2 latest">
          {overview.latest.map((card) => (
            <li>
              <PracticeCard ctx={ctx} card={card} />
            </li>
          ))}
        </ul>
        <p class="inline-list">
          <a href={ctx.href('/practices')}>{t('home.allPractices')}</a>
          <a href={ctx.href('/feeds/practices.atom')} type="application/atom+xml">
            {t('home.feed')}
          </a>
        </p>
      </section>

      <div class="grid grid--2">
        <section aria-labelledby="events-heading">
          <h2 id="events-heading">{t('home.events.heading')}</h2>
          <h3 class="home-events__when">{t('home.events.upcoming')}</h3>
          {events.upcoming.length > 0 ? (
            <ul class="plain-list">
              {events.upcoming.map((event) => (
                <EventItem ctx={ctx} event={event} />
              ))}
            </ul>
          ) : (
            <p class="muted">{t('home.events.noneUpcoming')}</p>
          )}
          {events.past.length > 0 ? (
            <>
              <h3 class="home-events__when">{t('home.events.past')}</h3>
              <ul class="plain-list">
                {events.past.map((event) => (
                  <EventItem ctx={ctx} event={event} past />
                ))}
              </ul>
            </>
          ) : (
            ''
          )}
          <p>
            <a href={ctx.href('/events')}>{t('home.events.all')}</a>
          </p>
        </section>
        <section aria-labelledby="news-heading">
          <h2 id="news-heading">{t('home.news.heading')}</h2>
          <ul class="plain-list">
            {news.map((item) => (
              <li lang={item.displayLanguage}>
                <a href={ctx.href(`/press/${item.slug}`)} safe>
                  {item.title}
                </a>{' '}
                <time datetime={item.publishedOn} lang={ctx.locale} safe>
                  {ctx.date(item.publishedOn)}
                </time>
              </li>
            ))}
          </ul>
          <p>
            <a href={ctx.href('/press')}>{t('home.news.all')}</a>
          </p>
        </section>
      </div>

      <section aria-labelledby="map-heading">
        <h2 id="map-heading">{t('atlas.home.heading')}</h2>
        <PracticeMapFigure
          ctx={ctx}
          map={worldMap}
          id="world-map"
          title={ctx.text('atlas.map.title')}
        />
        <p>
          <a href={ctx.href('/coverage')}>{t('atlas.coverage.title')}</a>
        </p>
      </section>

      <div class="grid grid--2">
        <section class="panel" aria-labelledby="regions-heading">
          <h2 id="regions-heading">{t('home.regions')}</h2>
          <ul class="counted-list">
            {overview.regions.map((r) => (
              <li>
                <a href={ctx.href(`/regions/${r.code}`)} safe>
                  {r.name}
                </a>{' '}
                <span class="count">{ctx.number(r.count)}</span>
              </li>
            ))}
          </ul>
        </section>
        <section class="panel" aria-labelledby="origin-heading">
          <h2 id="origin-heading">{t('home.origin.heading')}</h2>
          <p>{t('home.origin.body')}</p>
          <p>
            <a href={ctx.href('/about')}>{t('home.origin.more')}</a>
          </p>
        </section>
      </div>

      <section class="panel" aria-labelledby="partners-heading">
        <h2 id="partners-heading">{t('home.partners.heading')}</h2>
        <p>{t('home.partners.body')}</p>
      </section>
    </Layout>
  );
}

function EventItem({
  ctx,
  event,
  past = false,
}: {
  ctx: ViewContext;
  event: EventSummary;
  past?: boolean;
}) {
  // An all-day event's instant is midnight UTC of its first day: its date is all that is known.
  const datetime = event.allDay ? event.startsAt.slice(0, 10) : event.startsAt;
  return (
    <li lang={event.displayLanguage}>
      <a href={ctx.href(`/events/${event.slug}`)} safe>
        {event.title}
      </a>{' '}
      <span class="muted" lang={ctx.locale} dir={ctx.dir}>
        <time datetime={datetime} safe>
          {ctx.date(event.startsAt)}
        </time>
        {past ? <span class="tag tag--past">{ctx.t('home.events.pastMark')}</span> : ''}
      </span>
    </li>
  );
}
