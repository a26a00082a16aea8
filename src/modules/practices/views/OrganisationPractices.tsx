import type { ViewContext } from '../../../core/http/view-context.ts';
import { PracticeCard } from '../../../views/components/PracticeCard.tsx';
import type { PracticeCard as Card } from '../practice.service.ts';

/** The practices an organisation takes part in, for its profile page. */
export function OrganisationPractices({
  ctx,
  practices,
}: {
  ctx: ViewContext;
  practices: { total: number; items: Card[] };
}) {
  const { t } = ctx;
  return (
    <section aria-labelledby="org-practices">
      <h2 id="org-practices">{t('practices.count', { count: practices.total })}</h2>
      {practices.items.length === 0 ? (
        <p>{t('organisation.noPractices')}</p>
      ) : (
        <ul class="grid grid--2">
          {practices.items.map((card) => (
            <li>
              <PracticeCard ctx={ctx} card={card} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
