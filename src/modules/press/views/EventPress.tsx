import type { ViewContext } from '../../../core/http/view-context.ts';

/** A press item about an event, as its page lists it. */
export interface RelatedPressItem {
  slug: string;
  title: string;
  kind: string;
  publishedOn: string;
}

/** The press items about an event, for the event's page; nothing when there are none. */
export function EventPress({ ctx, items }: { ctx: ViewContext; items: RelatedPressItem[] }) {
  const { t } = ctx;
  return items.length > 0 ? (
    <section aria-labelledby="event-press">
      <h2 id="event-press">{t('events.press')}</h2>
      <ul class="plain-list">
        {items.map((p) => (
          <li>
            <a href={ctx.href(`/press/${p.slug}`)} safe>
              {p.title}
            </a>{' '}
            <span class="muted" safe>
              {ctx.date(p.publishedOn)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  ) : (
    ''
  );
}
