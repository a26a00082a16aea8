import type { CityPanel } from '../cities/index.ts';
import { mayActForCity } from './assessment.service.ts';
import { listResultsOfCity } from './assessment-results.service.ts';

/**
 * On a city's page: its published self-assessment results and, to those who act for the city,
 * its private ones too and the way to fill it in (registered in app.ts). Everyone else sees no
 * invitation to fill in a form they may not open.
 */
export const cityAssessmentPanel: CityPanel = async ({ db, request, ctx, city }) => {
  const [results, actsForTheCity] = await Promise.all([
    listResultsOfCity(db, request.actor, city.id),
    mayActForCity(db, request.actor, city.id),
  ]);
  if (results.length === 0 && !actsForTheCity) return { html: '', private: false };
  return {
    private: actsForTheCity || results.some((r) => !r.published),
    html: (
      <section aria-labelledby="city-assessment">
        <h2 id="city-assessment">{ctx.t('assessmentResult.city.heading')}</h2>
        {actsForTheCity ? (
          <p>
            <a class="button" href={ctx.href(`/cities/${city.id}/self-assessment`)}>
              {ctx.t('assessment.cityPage.fill')}
            </a>
          </p>
        ) : (
          ''
        )}
        {results.length === 0 ? (
          ''
        ) : (
          <ul>
            {results.map((r) => (
              <li>
                <a href={ctx.href(`/cities/${city.id}/assessment/${r.year}`)}>
                  {ctx.t('assessmentResult.city.link', { year: String(r.year) })}
                </a>
                {r.published ? (
                  ''
                ) : (
                  <span class="muted"> ({ctx.t('assessmentResult.city.private')})</span>
                )}
                {r.illustrative ? (
                  <>
                    {' '}
                    <span class="badge badge--illustrative">
                      {ctx.t('practice.illustrative.badge')}
                    </span>
                  </>
                ) : (
                  ''
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    ),
  };
};
