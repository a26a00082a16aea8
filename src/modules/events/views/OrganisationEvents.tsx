import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { directionOf } from '../../../core/i18n/locales.ts';
import { allDayDate, type OrganisationRole } from '../event.model.ts';
import type { EventSummary } from '../event.service.ts';

/** The events an organisation took part in, for its profile page; nothing when there are none. */
export function OrganisationEvents({
  ctx,
  events,
}: {
  ctx: ViewContext;
  events: (EventSummary & { role: OrganisationRole })[];
}) {
  const { t } = ctx;
  return events.length > 0 ? (
    <section aria-labelledby="org-events">
      <h2 id="org-events">{t('organisation.section.events')}</h2>
      <ul class="plain-list">
        {events.map((e) => (
          <li>
            <a
              href={ctx.href(`/events/${e.slug}`)}
              lang={e.displayLanguage}
              dir={directionOf(e.displayLanguage)}
              safe
            >
              {e.title}
            </a>{' '}
            <span class="muted">
              <time datetime={e.allDay ? allDayDate(e.startsAt) : e.startsAt} safe>
                {ctx.date(e.startsAt)}
              </time>{' '}
              · {t(`events.role.${e.role}` as MessageKey, { count: 1 })}
            </span>
          </li>
        ))}
      </ul>
    </section>
  ) : (
    ''
  );
}
