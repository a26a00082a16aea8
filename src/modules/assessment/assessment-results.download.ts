import type { Table } from '../../core/http/tabular-download.ts';
import type { ViewContext } from '../../core/http/view-context.ts';
import type { GroupFigure } from './assessment-peers.ts';
import type { AssessmentResult } from './assessment-results.service.ts';

const figure = (f: GroupFigure) =>
  f.shown ? [f.median, f.p25, f.p75, f.n] : [null, null, null, f.n];

/** The result's table, one row per area, with column names in the reader's language. */
export function resultTable(ctx: ViewContext, result: AssessmentResult): Table {
  return {
    columns: [
      ctx.text('assessmentResult.csv.city'),
      ctx.text('assessmentResult.csv.year'),
      ctx.text('assessmentResult.csv.version'),
      ctx.text('practice.illustrative.badge'),
      ctx.text('assessmentResult.csv.areaId'),
      ctx.text('assessmentResult.table.area'),
      ctx.text('assessmentResult.table.score'),
      ctx.text('assessmentResult.csv.change'),
      ctx.text('assessmentResult.csv.likeMedian'),
      ctx.text('assessmentResult.csv.likeP25'),
      ctx.text('assessmentResult.csv.likeP75'),
      ctx.text('assessmentResult.csv.likeCities'),
      ctx.text('assessmentResult.csv.allMedian'),
      ctx.text('assessmentResult.csv.allP25'),
      ctx.text('assessmentResult.csv.allP75'),
      ctx.text('assessmentResult.csv.allCities'),
    ],
    rows: result.areas.map((area) => [
      result.city.name,
      result.year,
      result.frameworkVersion,
      result.illustrative ? 1 : 0,
      area.id,
      area.title,
      area.score,
      area.change,
      ...figure(area.like),
      ...figure(area.all),
    ]),
  };
}
