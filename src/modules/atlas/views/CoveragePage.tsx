import type { ViewContext } from '../../../core/http/view-context.ts';
import { Layout } from '../../../views/layout/Layout.tsx';
import { type AssessmentCoverage, AssessmentCoverageSection } from '../../assessment/index.ts';
import type { Coverage } from '../atlas.service.ts';
import { CoverageTable } from './CoverageTable.tsx';

export function CoveragePage({
  ctx,
  coverage,
  assessments,
}: {
  ctx: ViewContext;
  coverage: Coverage;
  assessments: AssessmentCoverage;
}) {
  return (
    <Layout
      ctx={ctx}
      title={ctx.text('atlas.coverage.title')}
      description={ctx.text('atlas.coverage.description')}
    >
      <div class="page-heading">
        <h1>{ctx.t('atlas.coverage.title')}</h1>
        <p class="lead">{ctx.t('atlas.coverage.description')}</p>
      </div>
      <CoverageTable ctx={ctx} coverage={coverage} />
      <p class="muted">{ctx.t('regions.source')}</p>
      <AssessmentCoverageSection ctx={ctx} coverage={assessments} />
    </Layout>
  );
}
