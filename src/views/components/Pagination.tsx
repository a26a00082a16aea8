import type { ViewContext } from '../../core/http/view-context.ts';

/**
 * Previous/next and a window of page numbers, with the first and last page always in reach;
 * skipped pages show as "…" (read out as "more pages"). `link(n)` gives the URL of page n.
 */
export function Pagination({
  ctx,
  page,
  pageCount,
  link,
}: {
  ctx: ViewContext;
  page: number;
  pageCount: number;
  link: (page: number) => string;
}) {
  if (pageCount <= 1) return '';
  const { t } = ctx;
  const first = Math.max(1, Math.min(page - 2, pageCount - 4));
  const last = Math.min(pageCount, first + 4);
  const numbers: number[] = [];
  for (let n = first; n <= last; n++) numbers.push(n);
  return (
    <nav class="pagination" aria-label={ctx.text('pagination.label')}>
      <ul>
        {page > 1 ? (
          <li>
            <a href={link(page - 1)} rel="prev">
              {t('pagination.previous')}
            </a>
          </li>
        ) : (
          ''
        )}
        {first > 1 ? (
          <li>
            <a href={link(1)} aria-label={ctx.text('pagination.page', { page: 1 })}>
              {ctx.number(1)}
            </a>
          </li>
        ) : (
          ''
        )}
        {first > 2 ? (
          <li>
            <span class="pagination__gap">
              <span aria-hidden="true">…</span>
              <span class="visually-hidden">{t('pagination.gap')}</span>
            </span>
          </li>
        ) : (
          ''
        )}
        {numbers.map((n) => (
          <li>
            {n === page ? (
              <span aria-current="page">{ctx.number(n)}</span>
            ) : (
              <a href={link(n)} aria-label={ctx.text('pagination.page', { page: n })}>
                {ctx.number(n)}
              </a>
            )}
          </li>
        ))}
        {last < pageCount - 1 ? (
          <li>
            <span class="pagination__gap">
              <span aria-hidden="true">…</span>
              <span class="visually-hidden">{t('pagination.gap')}</span>
            </span>
          </li>
        ) : (
          ''
        )}
        {last < pageCount ? (
          <li>
            <a href={link(pageCount)} aria-label={ctx.text('pagination.page', { page: pageCount })}>
              {ctx.number(pageCount)}
            </a>
          </li>
        ) : (
          ''
        )}
        {page < pageCount ? (
          <li>
            <a href={link(page + 1)} rel="next">
              {t('pagination.next')}
            </a>
          </li>
        ) : (
          ''
        )}
      </ul>
    </nav>
  );
}
