import { escapeHtml } from '@kitajs/html';
import type { ViewContext } from '../../../core/http/view-context.ts';
import { queryString } from '../../../views/context.ts';
import { type Coverage, shadeBreaks } from '../atlas.service.ts';

/**
 * The themes × regions heatmap as a table: every cell states its count in words as well as in
 * shade, marks empty and thin cells in text, and links to the search for that theme and region.
 */
export function CoverageTable({ ctx, coverage }: { ctx: ViewContext; coverage: Coverage }) {
  const breaks = shadeBreaks(coverage.max);
  const shade = (count: number) => breaks.filter((lower) => count >= lower).length;
  return (
    <>
      {/* Outside the table: a caption is as wide as the table, which scrolls on a phone. */}
      <p class="muted">{ctx.t('atlas.coverage.legend', { count: coverage.thinBelow })}</p>
      <div class="table-scroll">
        <table class="data-table coverage">
          <caption class="visually-hidden">{ctx.t('atlas.coverage.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{ctx.t('themes.theme')}</th>
              {coverage.regions.map((r) => (
                <th scope="col">
                  <a href={ctx.href(`/regions/${r.code}`)} safe>
                    {r.name}
                  </a>
                </th>
              ))}
            </tr>
          </thead>
          {coverage.groups.map((group) => (
            <tbody>
              <tr>
                <th
                  scope="colgroup"
                  colspan={String(coverage.regions.length + 1)}
                  class="coverage__area"
                >
                  {group.area ? (
                    <a href={ctx.href(`/themes/${group.area.id}`)} safe>
                      {group.area.label}
                    </a>
                  ) : (
                    ctx.t('themes.crossCutting')
                  )}
                </th>
              </tr>
              {group.rows.map((row) => (
                <tr>
                  <th scope="row">
                    <a href={ctx.href(`/themes/${row.id}`)} safe>
                      {row.label}
                    </a>
                  </th>
                  {row.counts.map((count, i) => (
                    <td class={`coverage__cell atlas-${shade(count)}`}>
                      <a
                        href={escapeHtml(
                          ctx.href(
                            `/search${queryString({ theme: row.id, region: coverage.regions[i]?.code })}`,
                          ),
                        )}
                      >
                        {ctx.number(count)}
                        {count === 0 ? (
                          <span class="coverage__flag">{ctx.t('atlas.coverage.none')}</span>
                        ) : count < coverage.thinBelow ? (
                          <span class="coverage__flag">{ctx.t('atlas.coverage.thin')}</span>
                        ) : (
                          ''
                        )}
                      </a>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      </div>
    </>
  );
}
