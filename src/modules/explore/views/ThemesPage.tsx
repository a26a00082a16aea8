import type { ViewContext } from '../../../core/http/view-context.ts';
import { Layout } from '../../../views/layout/Layout.tsx';
import type { Overview } from '../../practices/index.ts';

export function CountedLinks({
  ctx,
  items,
}: {
  ctx: ViewContext;
  items: { id: string; label: string; count: number }[];
}) {
  return (
    <ul class="counted-list">
      {items.map((item) => (
        <li>
          <a href={ctx.href(`/themes/${item.id}`)} safe>
            {item.label}
          </a>{' '}
          <span class="count">{ctx.number(item.count)}</span>
        </li>
      ))}
    </ul>
  );
}

export function ThemesPage({ ctx, overview }: { ctx: ViewContext; overview: Overview }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={ctx.text('themes.title')} description={ctx.text('themes.description')}>
      <div class="page-heading">
        <h1>{t('themes.title')}</h1>
        <p class="lead">{t('themes.description')}</p>
      </div>
      <div class="grid grid--3">
        {overview.policyAreas.map((area) => (
          <section class="panel" aria-labelledby={`area-${area.id}`}>
            <h2 id={`area-${area.id}`}>
              <a href={ctx.href(`/themes/${area.id}`)} safe>
                {area.label}
              </a>
            </h2>
            <p class="muted">{t('practices.count', { count: area.count })}</p>
            <CountedLinks ctx={ctx} items={area.themes} />
          </section>
        ))}
      </div>
      <section class="panel" aria-labelledby="cross-cutting">
        <h2 id="cross-cutting">{t('themes.crossCutting')}</h2>
        <CountedLinks ctx={ctx} items={overview.crossCuttingThemes} />
      </section>
    </Layout>
  );
}
