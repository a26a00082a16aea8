import type { ViewContext } from '../../../core/http/view-context.ts';
import { Layout } from '../../../views/layout/Layout.tsx';
import type { countByPlaceWithin } from '../../practices/index.ts';

type RegionSummary = Awaited<ReturnType<typeof countByPlaceWithin>>;

export function RegionLinks({
  ctx,
  items,
}: {
  ctx: ViewContext;
  items: { code: string; name: string; count: number }[];
}) {
  return (
    <ul class="counted-list">
      {items.map((item) => (
        <li>
          <a href={ctx.href(`/regions/${item.code}`)} safe>
            {item.name}
          </a>{' '}
          <span class="count">{ctx.number(item.count)}</span>
        </li>
      ))}
    </ul>
  );
}

export function RegionsPage({ ctx, regions }: { ctx: ViewContext; regions: RegionSummary[] }) {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={ctx.text('regions.title')}
      description={ctx.text('regions.description')}
    >
      <div class="page-heading">
        <h1>{t('regions.title')}</h1>
        <p class="lead">{t('regions.description')}</p>
      </div>
      <div class="grid grid--3">
        {regions.map((r) => (
          <section class="panel" aria-labelledby={`region-${r.region.code}`}>
            <h2 id={`region-${r.region.code}`}>
              <a href={ctx.href(`/regions/${r.region.code}`)} safe>
                {r.region.name}
              </a>
            </h2>
            <p class="muted">{t('practices.count', { count: r.total })}</p>
            <RegionLinks ctx={ctx} items={r.subregions} />
          </section>
        ))}
      </div>
      <p class="muted">{t('regions.source')}</p>
    </Layout>
  );
}
