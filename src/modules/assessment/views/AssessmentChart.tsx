import type { ViewContext } from '../../../core/http/view-context.ts';
import type { AreaResult } from '../assessment-results.service.ts';

const WIDTH = 600;
const ROW = 38;
const BAR = 14;
const AXIS = 24;
/** Room kept after a bar of 100 for its score. */
const SCORE_ROOM = 40;
const SCALE = WIDTH - SCORE_ROOM;
const TICKS = [0, 25, 50, 75, 100];

/**
 * The scores by area as a horizontal bar chart drawn on the server: each row the area's name
 * above its bar on a 0–100 axis, the score after the bar, a vertical line at the median of all
 * cities and a diamond at that of cities like this one where those are shown. Drawn from the
 * inline start, so it reads right to left in Arabic; the table after it holds the same numbers.
 */
export function AssessmentChart({
  ctx,
  id,
  title,
  areas,
}: {
  ctx: ViewContext;
  id: string;
  title: string;
  areas: AreaResult[];
}) {
  const height = areas.length * ROW + AXIS;
  const rtl = ctx.dir === 'rtl';
  const at = (x: number, width = 0) => (rtl ? WIDTH - x - width : x);
  // SVG text inherits the page's direction, so 'start' already means the right edge in Arabic.
  const anchor = 'start';
  const xOf = (score: number) => Math.round((SCALE * score) / 100);
  return (
    <figure class="assessment-chart" id={id}>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        class="assessment-chart__svg"
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        focusable="false"
      >
        <title id={`${id}-title`} safe>
          {title}
        </title>
        <desc id={`${id}-desc`}>{ctx.t('assessmentResult.chart.desc')}</desc>
        {TICKS.map((tick) => (
          <>
            <line
              x1={at(xOf(tick))}
              x2={at(xOf(tick))}
              y1={0}
              y2={areas.length * ROW}
              class="assessment-chart__grid"
            />
            <text
              x={at(xOf(tick))}
              y={areas.length * ROW + 16}
              text-anchor="middle"
              class="assessment-chart__tick"
            >
              {ctx.number(tick)}
            </text>
          </>
        ))}
        {areas.map((area, i) => {
          const y = i * ROW;
          const width = area.score === null ? 0 : Math.max(2, xOf(area.score));
          const all = area.all.shown ? xOf(area.all.median) : undefined;
          const like = area.like.shown ? xOf(area.like.median) : undefined;
          const barMiddle = y + 18 + BAR / 2;
          return (
            <g class="assessment-chart__row">
              <text x={at(0)} y={y + 13} text-anchor={anchor} class="assessment-chart__label" safe>
                {area.title}
              </text>
              <rect
                x={at(0, width)}
                y={y + 18}
                width={width}
                height={BAR}
                class="assessment-chart__bar"
              />
              <text
                x={at(width + 6)}
                y={y + 30}
                text-anchor={anchor}
                class="assessment-chart__score"
              >
                {area.score === null ? ctx.t('assessmentResult.notScored') : ctx.number(area.score)}
              </text>
              {all === undefined ? (
                ''
              ) : (
                <line
                  x1={at(all)}
                  x2={at(all)}
                  y1={y + 15}
                  y2={y + 21 + BAR}
                  class="assessment-chart__median"
                />
              )}
              {like === undefined ? (
                ''
              ) : (
                <path
                  d={`M${at(like)} ${barMiddle - 6}l6 6-6 6-6-6z`}
                  class="assessment-chart__like"
                />
              )}
            </g>
          );
        })}
      </svg>
      {/* A mark is explained only when the chart draws it. */}
      <figcaption class="assessment-chart__legend">
        {areas.some((a) => a.all.shown) ? (
          <span>
            <svg viewBox="0 0 12 16" width="12" height="16" aria-hidden="true" focusable="false">
              <line x1="6" x2="6" y1="0" y2="16" class="assessment-chart__median" />
            </svg>{' '}
            {ctx.t('assessmentResult.legend.all')}
          </span>
        ) : (
          ''
        )}
        {areas.some((a) => a.like.shown) ? (
          <span>
            <svg viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" focusable="false">
              <path d="M6 0l6 6-6 6-6-6z" class="assessment-chart__like" />
            </svg>{' '}
            {ctx.t('assessmentResult.legend.like')}
          </span>
        ) : (
          ''
        )}
      </figcaption>
    </figure>
  );
}
