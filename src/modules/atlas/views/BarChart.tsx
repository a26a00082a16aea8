import { escapeHtml } from '@kitajs/html';
import type { ViewContext } from '../../../core/http/view-context.ts';
import type { Datum } from '../atlas.service.ts';

const WIDTH = 400;
const ROW = 34;
const BAR = 12;
const MAX_BARS = 12;
/** Room kept after the longest bar for its count. */
const COUNT_ROOM = 44;

/**
 * A small horizontal bar chart: each row a label above its bar, the count after the bar, the
 * whole row a link to the practices it counts. Links are escaped in full (the renderer leaves `&`
 * as it is), so that the SVG is well-formed XML as well as HTML. Drawn from the inline start, so it reads right to
 * left in Arabic. The largest rows are drawn; the table after it lists every row.
 */
export function BarChart({
  ctx,
  id,
  title,
  data,
}: {
  ctx: ViewContext;
  id: string;
  title: string;
  data: Datum[];
}) {
  if (data.length === 0) return '';
  const shown = data.slice(0, MAX_BARS);
  const max = Math.max(1, ...shown.map((d) => d.count));
  const height = shown.length * ROW + 4;
  const rtl = ctx.dir === 'rtl';
  // x measured from the inline start, turned into SVG's left-based coordinates.
  const at = (x: number, width = 0) => (rtl ? WIDTH - x - width : x);
  const anchor = rtl ? 'end' : 'start';
  return (
    <figure class="atlas-chart" id={id}>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        width={WIDTH}
        height={height}
        class="atlas-chart__svg"
        aria-labelledby={`${id}-title ${id}-desc`}
        focusable="false"
      >
        <title id={`${id}-title`} safe>
          {title}
        </title>
        <desc id={`${id}-desc`}>{ctx.t('atlas.chart.desc')}</desc>
        {shown.map((d, i) => {
          const y = i * ROW;
          const barWidth =
            d.count === 0 ? 0 : Math.max(2, Math.round(((WIDTH - COUNT_ROOM) * d.count) / max));
          return (
            <a href={escapeHtml(ctx.href(d.href))} class="atlas-bar">
              <title safe>{`${d.label}: ${ctx.text('practices.count', { count: d.count })}`}</title>
              <text x={at(0)} y={y + 13} text-anchor={anchor} safe>
                {d.label}
              </text>
              <rect x={at(0, barWidth)} y={y + 18} width={barWidth} height={BAR} />
              <text x={at(barWidth + 6)} y={y + 28} text-anchor={anchor} class="atlas-bar__count">
                {ctx.number(d.count)}
              </text>
            </a>
          );
        })}
      </svg>
      <details class="atlas-data">
        <summary>{ctx.t('atlas.table.show')}</summary>
        <table class="data-table">
          <caption class="visually-hidden" safe>
            {title}
          </caption>
          <tbody>
            {data.map((d) => (
              <tr>
                <th scope="row">
                  <a href={escapeHtml(ctx.href(d.href))} safe>
                    {d.label}
                  </a>
                </th>
                <td class="numeric">{ctx.number(d.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
