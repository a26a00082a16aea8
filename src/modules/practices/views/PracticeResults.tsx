import type { ViewContext } from '../../../core/http/view-context.ts';
import { Pagination } from '../../../views/components/Pagination.tsx';
import { PracticeCard } from '../../../views/components/PracticeCard.tsx';
import type { PracticeListResult } from '../practice.service.ts';

/** The count, the cards and the pagination of a practice list; `link(page)` builds page URLs. */
export function PracticeResults({
  ctx,
  result,
  link,
}: {
  ctx: ViewContext;
  result: PracticeListResult;
  link: (page: number) => string;
}) {
  const { t } = ctx;
  const first = (result.page - 1) * result.perPage + 1;
  const last = Math.min(result.total, result.page * result.perPage);
  return (
    <section class="results" aria-labelledby="results-count">
      <p id="results-count" class="results__count" role="status">
        {result.total === 0
          ? t('practices.none')
          : t('practices.range', {
              first,
              last,
              total: result.total,
            })}
      </p>
      {result.items.length > 0 ? (
        <ol class="results__list">
          {result.items.map((card) => (
            <li>
              <PracticeCard ctx={ctx} card={card} headingLevel={2} />
            </li>
          ))}
        </ol>
      ) : (
        ''
      )}
      <Pagination ctx={ctx} page={result.page} pageCount={result.pageCount} link={link} />
    </section>
  );
}
