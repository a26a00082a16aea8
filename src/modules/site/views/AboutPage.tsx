import type { ViewContext } from '../../../core/http/view-context.ts';
import { Layout } from '../../../views/layout/Layout.tsx';
import { FOUNDING_EVENT_SLUG } from '../../events/index.ts';

export function AboutPage({ ctx }: { ctx: ViewContext }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={ctx.text('about.title')} description={ctx.text('about.lead')}>
      <article class="prose">
        <h1>{t('about.title')}</h1>
        <p class="lead">{t('about.lead')}</p>
        <h2>{t('about.origin.heading')}</h2>
        <p>{t('about.origin.p1')}</p>
        <p>{t('about.origin.p2')}</p>
        <blockquote>
          <p>{t('about.origin.quote')}</p>
          <footer>{t('about.origin.quoteBy')}</footer>
        </blockquote>
        <p>{t('about.origin.p3')}</p>
        <p>
          <a href={ctx.href(`/events/${FOUNDING_EVENT_SLUG}#outcome`)}>
            {t('about.origin.outcomeLink')}
          </a>
        </p>
        <h2>{t('about.what.heading')}</h2>
        <ul>
          <li>{t('about.what.find')}</li>
          <li>{t('about.what.evidence')}</li>
          <li>{t('about.what.languages')}</li>
          <li>{t('about.what.open')}</li>
        </ul>
        <h2>{t('about.areas.heading')}</h2>
        <p>{t('about.areas.body')}</p>
        <p>
          <a href={ctx.href('/themes')}>{t('nav.themes')}</a> ·{' '}
          <a href={ctx.href('/evidence')}>{t('nav.evidence')}</a>
        </p>
      </article>
    </Layout>
  );
}
