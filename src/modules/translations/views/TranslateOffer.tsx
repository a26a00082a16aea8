import type { ViewContext } from '../../../core/http/view-context.ts';
import type { TranslationOffer } from '../translation.service.ts';

/** On a practice's page: the languages a signed-in reader may translate it into, or how to say theirs. */
export function TranslateOffer({
  ctx,
  slug,
  offer,
}: {
  ctx: ViewContext;
  slug: string;
  offer: TranslationOffer;
}) {
  if (offer.kind === 'none') return '';
  if (offer.kind === 'declareLanguages')
    return (
      <aside class="translate-offer" aria-labelledby="translate-offer-heading">
        <h2 id="translate-offer-heading">{ctx.t('translation.offer.heading')}</h2>
        <p>
          {ctx.t('translation.offer.declare')}{' '}
          <a href={ctx.href('/account/people-profile')}>{ctx.t('translation.offer.profile')}</a>
        </p>
      </aside>
    );
  if (offer.missing.length === 0) return '';
  return (
    <aside class="translate-offer" aria-labelledby="translate-offer-heading">
      <h2 id="translate-offer-heading">{ctx.t('translation.offer.heading')}</h2>
      <ul class="plain-list">
        {offer.missing.map((language) => (
          <li>
            <a
              href={ctx.href(`/practices/${slug}/translate/${encodeURIComponent(language)}`)}
              class="translate-offer__link"
            >
              {ctx.t('translation.offer.link', { language: ctx.language(language) })}
            </a>
          </li>
        ))}
      </ul>
    </aside>
  );
}
