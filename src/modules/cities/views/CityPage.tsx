import type { PropsWithChildren } from '@kitajs/html';
import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { PostForm } from '../../../views/components/Form.tsx';
import type { JsonLdData } from '../../../views/components/JsonLd.tsx';
import { PracticeCard } from '../../../views/components/PracticeCard.tsx';
import { ScrollTable } from '../../../views/components/ScrollTable.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import { websiteRef } from '../../../views/layout/structured-data.ts';
import type { CityFact, CityProfile } from '../city.service.ts';
import type { FactKind } from '../city.table.ts';
import type { SizeBand } from '../city-similarity.ts';
import { CityAboutSection } from './CityAbout.tsx';

/**
 * The public page of a city: where it is, its figures with their sources, networks, what its
 * municipality says of it, practices.
 */

function Fact({ label, children }: PropsWithChildren<{ label: string }>) {
  return (
    <div class="facts__row">
      <dt safe>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export const kindLabel = (ctx: ViewContext, kind: FactKind) =>
  ctx.text(`cities.kind.${kind}` as MessageKey);
export const sizeLabel = (ctx: ViewContext, band: SizeBand) =>
  ctx.text(`cities.size.${band}` as MessageKey);

function factValue(ctx: ViewContext, fact: CityFact): string {
  const number = String(ctx.number(fact.value));
  return fact.kind === 'foreign_born_share'
    ? ctx.text('cities.fact.percent', { value: number })
    : number;
}

/** A figure with its year and a link to its source. */
function FigureWithSource({ ctx, fact }: { ctx: ViewContext; fact: CityFact }) {
  return (
    <>
      <span safe>
        {ctx.text('cities.fact.valueYear', {
          value: factValue(ctx, fact),
          year: String(fact.year),
        })}
      </span>
      <span class="muted">
        {' · '}
        {ctx.t('cities.source')}{' '}
        <a href={fact.sourceUrl} rel="nofollow" safe>
          {fact.sourceTitle}
        </a>
      </span>
    </>
  );
}

function osmUrl(lat: number, lon: number): string {
  const la = lat.toFixed(4);
  const lo = lon.toFixed(4);
  return `https://www.openstreetmap.org/?mlat=${la}&mlon=${lo}#map=11/${la}/${lo}`;
}

/** schema.org: the city as a City (a Place) with its coordinates, in its country. */
export function cityStructuredData(ctx: ViewContext, city: CityProfile, url: string): JsonLdData {
  const population = city.latest.population;
  return {
    '@context': 'https://schema.org',
    '@type': 'City',
    '@id': `${url}#city`,
    url,
    name: city.name,
    containedInPlace: {
      '@type': 'Country',
      name: city.country.name,
      identifier: city.country.code,
    },
    address: {
      '@type': 'PostalAddress',
      addressLocality: city.name,
      addressCountry: city.country.code,
    },
    ...(city.latitude !== null && city.longitude !== null
      ? { geo: { '@type': 'GeoCoordinates', latitude: city.latitude, longitude: city.longitude } }
      : {}),
    ...(city.geonamesId !== null ? { sameAs: `https://www.geonames.org/${city.geonamesId}` } : {}),
    ...(population
      ? {
          additionalProperty: {
            '@type': 'PropertyValue',
            name: 'population',
            value: population.value,
            observationDate: String(population.year),
          },
        }
      : {}),
    subjectOf: websiteRef(ctx),
  };
}

export function CityPage({
  ctx,
  city,
  mayEdit,
  afterFacts = [],
}: {
  ctx: ViewContext;
  city: CityProfile;
  /** Whether the reader may edit the city: a member of its municipality, or an editor. */
  mayEdit: boolean;
  /** Panels of modules above cities (see city.slots.ts). */
  afterFacts?: JSX.Element[];
}) {
  const { t } = ctx;
  const path = `/cities/${city.id}`;
  const population = city.latest.population;
  const share = city.latest.foreign_born_share;
  const history = city.facts.filter((f) => city.latest[f.kind]?.id !== f.id);
  return (
    <Layout
      ctx={ctx}
      title={ctx.text('practice.place', { city: city.name, country: city.country.name })}
      description={ctx.text('cities.pageDescription', {
        city: city.name,
        country: city.country.name,
      })}
      canonicalPath={path}
      jsonLd={cityStructuredData(ctx, city, `${ctx.publicUrl}${ctx.href(path)}`)}
    >
      <nav class="breadcrumbs" aria-label={ctx.text('nav.breadcrumbs')}>
        <ol>
          {city.regions.map((r) => (
            <li>
              <a href={ctx.href(`/regions/${r.code}`)} safe>
                {r.name}
              </a>
            </li>
          ))}
          <li>
            <a href={ctx.href(`/countries/${city.country.code}`)} safe>
              {city.country.name}
            </a>
          </li>
        </ol>
      </nav>
      <div class="page-heading">
        <p class="eyebrow">{t('cities.eyebrow')}</p>
        <h1 safe>{city.name}</h1>
        <p class="lead">
          {t('practices.count', { count: city.practices.total })}
          {' · '}
          <a href={ctx.href(`/cities/${city.id}/peers`)}>{t('cities.peersLink')}</a>
          {' · '}
          <a href={ctx.href('/self-assessment/method')}>{t('assessment.method.link')}</a>
        </p>
      </div>

      <section class="facts panel" aria-labelledby="city-facts">
        <h2 id="city-facts" class="facts__title">
          {t('cities.facts')}
        </h2>
        <dl class="facts__list">
          <Fact label={ctx.text('cities.fact.country')}>
            <a href={ctx.href(`/countries/${city.country.code}`)} safe>
              {city.country.name}
            </a>
          </Fact>
          {city.regions.length > 0 ? (
            <Fact label={ctx.text('cities.fact.region')}>
              {city.regions.map((r, i) => (
                <>
                  {i > 0 ? ' · ' : ''}
                  <a href={ctx.href(`/regions/${r.code}`)} safe>
                    {r.name}
                  </a>
                </>
              ))}
            </Fact>
          ) : (
            ''
          )}
          {city.latitude !== null && city.longitude !== null ? (
            <Fact label={ctx.text('cities.fact.location')}>
              <span
                dir="ltr"
                safe
              >{`${city.latitude.toFixed(4)}, ${city.longitude.toFixed(4)}`}</span>{' '}
              <a href={osmUrl(city.latitude, city.longitude)} rel="nofollow">
                {t('cities.fact.onMap')}
              </a>
            </Fact>
          ) : (
            ''
          )}
          <Fact label={kindLabel(ctx, 'population')}>
            {population ? (
              <FigureWithSource ctx={ctx} fact={population} />
            ) : city.gazetteerPopulation !== null ? (
              <>
                {ctx.number(city.gazetteerPopulation)}
                <span class="muted">
                  {' · '}
                  {t('cities.source')} {t('cities.fact.gazetteer')}
                </span>
              </>
            ) : (
              t('cities.unknown')
            )}
          </Fact>
          {share ? (
            <Fact label={kindLabel(ctx, 'foreign_born_share')}>
              <FigureWithSource ctx={ctx} fact={share} />
            </Fact>
          ) : (
            ''
          )}
          {city.sizeBand ? (
            <Fact label={ctx.text('cities.fact.size')}>
              {t(`cities.size.${city.sizeBand}` as MessageKey)}
            </Fact>
          ) : (
            ''
          )}
          {city.networks.length > 0 ? (
            <Fact label={ctx.text('cities.networks')}>
              <ul class="inline-list">
                {city.networks.map((n) => (
                  <li>
                    <a href={n.url} rel="nofollow" safe>
                      {n.name}
                    </a>
                  </li>
                ))}
              </ul>
            </Fact>
          ) : (
            ''
          )}
        </dl>
        {mayEdit ? (
          <p class="facts__note">
            <a href={ctx.href(`/cities/${city.id}/edit`)} id="edit-city">
              {t('cities.edit')}
            </a>
          </p>
        ) : (
          ''
        )}
      </section>
      {afterFacts}

      <CityAboutSection ctx={ctx} city={city} />

      <section aria-labelledby="city-practices">
        <h2 id="city-practices">{t('cities.practices')}</h2>
        {city.practices.items.length === 0 ? (
          <p>{t('cities.noPractices')}</p>
        ) : (
          <ol class="results__list">
            {city.practices.items.map((card) => (
              <li>
                <PracticeCard ctx={ctx} card={card} />
              </li>
            ))}
          </ol>
        )}
      </section>

      {city.organisations.length > 0 ? (
        <section aria-labelledby="city-organisations">
          <h2 id="city-organisations">{t('cities.organisations')}</h2>
          <ul class="plain-list">
            {city.organisations.map((o) => (
              <li>
                {o.website ? (
                  <a href={o.website} rel="nofollow" safe>
                    {o.name}
                  </a>
                ) : (
                  <span safe>{o.name}</span>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}

      {history.length > 0 ? (
        <section aria-labelledby="city-figures">
          <h2 id="city-figures">{t('cities.figures')}</h2>
          <FactTable ctx={ctx} facts={city.facts} />
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function FactTable({
  ctx,
  facts,
  remove,
}: {
  ctx: ViewContext;
  facts: CityFact[];
  /** The address that removes a figure, on the editors' page. */
  remove?: (id: number) => string;
}) {
  const { t } = ctx;
  return (
    <ScrollTable label={ctx.text('cities.figures')}>
      <table class="data-table">
        <thead>
          <tr>
            <th scope="col">{t('cities.col.figure')}</th>
            <th scope="col">{t('cities.col.year')}</th>
            <th scope="col">{t('cities.col.value')}</th>
            <th scope="col">{t('cities.source')}</th>
            {remove ? <td /> : ''}
          </tr>
        </thead>
        <tbody>
          {facts.map((fact) => (
            <tr>
              <td safe>{kindLabel(ctx, fact.kind)}</td>
              <td safe>{String(fact.year)}</td>
              <td safe>{factValue(ctx, fact)}</td>
              <td>
                <a href={fact.sourceUrl} rel="nofollow" safe>
                  {fact.sourceTitle}
                </a>
              </td>
              {remove ? (
                <td>
                  <PostForm
                    action={remove(fact.id)}
                    csrfToken={ctx.csrfToken ?? ''}
                    class="inline-form"
                  >
                    <button type="submit" class="link-button">
                      {t('cities.editor.remove')}
                    </button>
                  </PostForm>
                </td>
              ) : (
                ''
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}
