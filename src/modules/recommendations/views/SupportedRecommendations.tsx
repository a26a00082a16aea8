import type { ViewContext } from '../../../core/http/view-context.ts';
import { directionOf } from '../../../core/i18n/locales.ts';

export interface SupportedRecommendation {
  slug: string;
  title: string;
  titleLanguage: string;
  note: string;
}

/** The recommendations a practice supports, for the practice page; nothing when there are none. */
export function SupportedRecommendations({
  ctx,
  items,
}: {
  ctx: ViewContext;
  items: SupportedRecommendation[];
}) {
  if (items.length === 0) return '';
  return (
    <section
      class="practice__section"
      aria-labelledby="recommendations-heading"
      lang={ctx.locale}
      dir={ctx.dir}
    >
      <h2 id="recommendations-heading">{ctx.t('practice.recommendations')}</h2>
      <ul class="plain-list">
        {items.map((r) => (
          <li>
            <a
              href={ctx.href(`/recommendations/${r.slug}`)}
              lang={r.titleLanguage}
              dir={directionOf(r.titleLanguage)}
              safe
            >
              {r.title}
            </a>
            {r.note ? (
              <p class="muted" safe>
                {r.note}
              </p>
            ) : (
              ''
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
