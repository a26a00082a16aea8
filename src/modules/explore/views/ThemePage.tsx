import type { ViewContext } from '../../../core/http/view-context.ts';
import { DownloadBlock } from '../../../views/components/DownloadBlock.tsx';
import { FollowButton } from '../../../views/components/FollowButton.tsx';
import { queryString } from '../../../views/context.ts';
import { Layout } from '../../../views/layout/Layout.tsx';
import type { Datum } from '../../atlas/index.ts';
import { BarChart } from '../../atlas/index.ts';
import type { CountedConcept, PracticeListResult } from '../../practices/index.ts';
import { PracticeResults } from '../../practices/index.ts';
import type { Concept } from '../../taxonomy/index.ts';
import { CountedLinks } from './ThemesPage.tsx';

export function ThemePage({
  ctx,
  concept,
  isPolicyArea,
  parent,
  subthemes,
  result,
  byRegion,
}: {
  ctx: ViewContext;
  concept: Concept;
  isPolicyArea: boolean;
  parent: Concept | undefined;
  subthemes: CountedConcept[];
  result: PracticeListResult;
  byRegion: Datum[];
}) {
  const { t } = ctx;
  const filterKey = isPolicyArea ? 'policy_area' : 'theme';
  return (
    <Layout
      ctx={ctx}
      title={concept.label}
      description={concept.definition}
      feedQuery={queryString({ [filterKey]: concept.id })}
    >
      <nav class="breadcrumbs" aria-label={ctx.text('nav.breadcrumbs')}>
        <ol>
          <li>
            <a href={ctx.href('/themes')}>{t('nav.themes')}</a>
          </li>
          {parent ? (
            <li>
              <a href={ctx.href(`/themes/${parent.id}`)} safe>
                {parent.label}
              </a>
            </li>
          ) : (
            ''
          )}
        </ol>
      </nav>
      <div class="page-heading">
        <p class="eyebrow">{isPolicyArea ? t('themes.policyArea') : t('themes.theme')}</p>
        <h1 safe>{concept.label}</h1>
        <FollowButton ctx={ctx} kind="theme" target={concept.id} />
        {concept.definition ? (
          <p class="lead" safe>
            {concept.definition}
          </p>
        ) : (
          ''
        )}
      </div>
      {subthemes.length > 0 ? (
        <section class="panel" aria-labelledby="subthemes">
          <h2 id="subthemes">{t('themes.inThisArea')}</h2>
          <CountedLinks ctx={ctx} items={subthemes} />
        </section>
      ) : (
        ''
      )}
      {result.total > 0 ? (
        <BarChart
          ctx={ctx}
          id="by-region"
          title={ctx.text('atlas.chart.byRegion')}
          data={byRegion}
        />
      ) : (
        ''
      )}
      <p>
        <a href={ctx.href(`/practices${queryString({ [filterKey]: concept.id })}`)}>
          {t('themes.refine')}
        </a>
      </p>
      <PracticeResults
        ctx={ctx}
        result={result}
        link={(page) =>
          ctx.href(`/themes/${concept.id}${queryString({ page: page === 1 ? undefined : page })}`)
        }
      />
      {/* The page's practices are the practice list's with one filter: its files are those. */}
      <DownloadBlock
        ctx={ctx}
        base="/practices"
        query={queryString({ [filterKey]: concept.id, sort: 'newest' })}
      />
    </Layout>
  );
}
