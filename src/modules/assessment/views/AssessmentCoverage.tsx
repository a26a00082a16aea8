import type { ViewContext } from '../../../core/http/view-context.ts';
import { ScrollTable } from '../../../views/components/ScrollTable.tsx';
import type { AssessmentCoverage } from '../assessment-coverage.service.ts';

/** The coverage page's section on self-assessments: regions' medians and links to each result. */
export function AssessmentCoverageSection({
  ctx,
  coverage,
}: {
  ctx: ViewContext;
  coverage: AssessmentCoverage;
}) {
  const { t } = ctx;
  return (
    <section aria-labelledby="assessment-coverage">
      <h2 id="assessment-coverage">{t('assessmentResult.coverage.heading')}</h2>
      <p>{t('assessmentResult.coverage.lead', { version: coverage.frameworkVersion })}</p>
      {coverage.regions.length === 0 ? (
        <p class="muted">{t('assessmentResult.coverage.none')}</p>
      ) : (
        <ScrollTable label={ctx.text('assessmentResult.coverage.heading')}>
          <table class="data-table">
            <caption class="visually-hidden">{t('assessmentResult.coverage.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('assessmentResult.coverage.region')}</th>
                <th scope="col">{t('assessmentResult.coverage.cities')}</th>
                {coverage.areas.map((area) => (
                  <th scope="col" safe>
                    {area.title}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {coverage.regions.map((region) => (
                <tr>
                  <th scope="row" safe>
                    {region.name}
                  </th>
                  <td class="num">{ctx.number(region.cities)}</td>
                  {coverage.areas.map((area) => {
                    const median = region.medians[area.id];
                    return (
                      <td class="num">
                        {median === null || median === undefined ? '—' : ctx.number(median)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      {coverage.published.length === 0 ? (
        ''
      ) : (
        <>
          <h3>{t('assessmentResult.coverage.published')}</h3>
          <ul>
            {coverage.published.map((r) => (
              <li>
                <a href={ctx.href(`/cities/${r.cityId}/assessment/${r.year}`)} safe>
                  {`${r.cityName}, ${r.countryName} — ${r.year}`}
                </a>
                {r.illustrative ? (
                  <>
                    {' '}
                    <span class="badge badge--illustrative">
                      {t('practice.illustrative.badge')}
                    </span>
                  </>
                ) : (
                  ''
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
