import type { ViewContext } from '../../../core/http/view-context.ts';
import { DownloadBlock } from '../../../views/components/DownloadBlock.tsx';
import { queryString } from '../../../views/context.ts';
import { Layout } from '../../../views/layout/Layout.tsx';
import type { RegionAtlas } from '../../atlas/index.ts';
import { BarChart, PracticeMapFigure } from '../../atlas/index.ts';
import type { countByPlaceWithin, PracticeListResult } from '../../practices/index.ts';
import { PracticeResults } from '../../practices/index.ts';
import { RegionLinks } from './RegionsPage.tsx';

type RegionSummary = Awaited<ReturnType<typeof countByPlaceWithin>>;

export function RegionPage({
  ctx,
  summary,
  result,
  atlas,
}: {
  ctx: ViewContext;
  summary: RegionSummary;
  result: PracticeListResult;
  atlas: RegionAtlas;
}) {
  const { t } = ctx;
  const { region, parent } = summary;
  return (
    <Layout
      ctx={ctx}
      title={region.name}
      description={ctx.text('regions.pageDescription', { region: region.name })}
      feedQuery={`?region=${encodeURIComponent(region.code)}`}
    >
      <nav class="breadcrumbs" aria-label={ctx.text('nav.breadcrumbs')}>
        <ol>
          <li>
            <a href={ctx.href('/regions')}>{t('nav.regions')}</a>
          </li>
          {parent && parent.level > 0 ? (
            <li>
              <a href={ctx.href(`/regions/${parent.code}`)} safe>
                {parent.name}
              </a>
            </li>
          ) : (
            ''
          )}
        </ol>
      </nav>
      <div class="page-heading">
        <p class="eyebrow">{t('regions.eyebrow')}</p>
        <h1 safe>{region.name}</h1>
        <p class="lead">{t('practices.count', { count: summary.total })}</p>
      </div>
      <div class="grid grid--2">
        {summary.subregions.length > 0 ? (
          <section class="panel" aria-labelledby="subregions">
            <h2 id="subregions">{t('regions.subregions')}</h2>
            <RegionLinks ctx={ctx} items={summary.subregions} />
          </section>
        ) : (
          ''
        )}
        {summary.countries.length > 0 ? (
          <section class="panel" aria-labelledby="countries">
            <h2 id="countries">{t('regions.countries')}</h2>
            <ul class="counted-list">
              {summary.countries.map((c) => (
                <li>
                  <a href={ctx.href(`/countries/${c.code}`)} safe>
                    {c.name}
                  </a>{' '}
                  <span class="count">{ctx.number(c.count)}</span>
                </li>
              ))}
            </ul>
          </section>
        ) : (
          ''
        )}
      </div>
      {atlas.map ? (
        <PracticeMapFigure
          ctx={ctx}
          map={atlas.map}
          id="region-map"
          title={ctx.text('atlas.map.regionTitle', { region: region.name })}
          pointScale={1.2}
        />
      ) : (
        ''
      )}
      <div class="grid grid--2">
        <BarChart
          ctx={ctx}
          id="by-theme"
          title={ctx.text('atlas.chart.byTheme')}
          data={atlas.byTheme}
        />
        <BarChart
          ctx={ctx}
          id="by-country"
          title={ctx.text('atlas.chart.byCountry')}
          data={atlas.byCountry}
        />
      </div>
      <p>
        <a href={ctx.href(`/coverage`)}>{t('atlas.coverage.title')}</a>
      </p>
      <p>
        <a href={ctx.href(`/practices${queryString({ region: region.code })}`)}>
          {t('themes.refine')}
        </a>
      </p>
      <PracticeResults
        ctx={ctx}
        result={result}
        link={(page) =>
          ctx.href(`/regions/${region.code}${queryString({ page: page === 1 ? undefined : page })}`)
        }
      />
      {/* The page's practices are the practice list's with one filter: its files are those. */}
      <DownloadBlock
        ctx={ctx}
        base="/practices"
        query={queryString({ region: region.code, sort: 'newest' })}
      />
    </Layout>
  );
}
