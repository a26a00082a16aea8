import type { ViewContext } from '../../../core/http/view-context.ts';
import { DownloadBlock } from '../../../views/components/DownloadBlock.tsx';
import { FollowButton } from '../../../views/components/FollowButton.tsx';
import { queryString } from '../../../views/context.ts';
import { Layout } from '../../../views/layout/Layout.tsx';
import type { Datum } from '../../atlas/index.ts';
import { BarChart } from '../../atlas/index.ts';
import type { CountryInfo, RegionInfo } from '../../places/index.ts';
import type { PracticeListResult } from '../../practices/index.ts';
import { PracticeResults } from '../../practices/index.ts';

export function CountryPage({
  ctx,
  country,
  regions,
  result,
  byTheme,
}: {
  ctx: ViewContext;
  country: CountryInfo;
  regions: RegionInfo[];
  result: PracticeListResult;
  byTheme: Datum[];
}) {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={country.name}
      description={ctx.text('countries.pageDescription', { country: country.name })}
      feedQuery={`?country=${encodeURIComponent(country.code)}`}
    >
      <nav class="breadcrumbs" aria-label={ctx.text('nav.breadcrumbs')}>
        <ol>
          <li>
            <a href={ctx.href('/regions')}>{t('nav.regions')}</a>
          </li>
          {regions.map((r) => (
            <li>
              <a href={ctx.href(`/regions/${r.code}`)} safe>
                {r.name}
              </a>
            </li>
          ))}
        </ol>
      </nav>
      <div class="page-heading">
        <p class="eyebrow">{t('countries.eyebrow')}</p>
        <h1 safe>{country.name}</h1>
        <p class="lead">{t('practices.count', { count: result.total })}</p>
        <FollowButton ctx={ctx} kind="country" target={country.code} />
      </div>
      <BarChart ctx={ctx} id="by-theme" title={ctx.text('atlas.chart.byTheme')} data={byTheme} />
      <p>
        <a href={ctx.href(`/practices${queryString({ country: country.code })}`)}>
          {t('themes.refine')}
        </a>
      </p>
      <PracticeResults
        ctx={ctx}
        result={result}
        link={(page) =>
          ctx.href(
            `/countries/${country.code}${queryString({ page: page === 1 ? undefined : page })}`,
          )
        }
      />
      {/* The page's practices are the practice list's with one filter: its files are those. */}
      <DownloadBlock
        ctx={ctx}
        base="/practices"
        query={queryString({ country: country.code, sort: 'newest' })}
      />
    </Layout>
  );
}
