import type { PropsWithChildren } from '@kitajs/html';
import type { FieldProblem } from '../../../core/errors.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import {
  type Choice,
  ChoiceGroup,
  ErrorSummary,
  Field,
  PostForm,
  SelectField,
} from '../../../views/components/Form.tsx';
import type { JsonLdData } from '../../../views/components/JsonLd.tsx';
import { PracticeCard } from '../../../views/components/PracticeCard.tsx';
import { ScrollTable } from '../../../views/components/ScrollTable.tsx';
import type { ViewContext } from '../../../views/context.ts';
import { Layout } from '../../../views/layout/Layout.tsx';
import { websiteRef } from '../../../views/layout/structured-data.ts';
import type {
  CityFact,
  CityProfile,
  CitySummary,
  PeerReasonView,
  PeerView,
} from '../city.service.ts';
import { FACT_KINDS, type FactKind } from '../city.table.ts';
import { SIZE_BANDS, type SizeBand } from '../city-similarity.ts';

function Fact({ label, children }: PropsWithChildren<{ label: string }>) {
  return (
    <div class="facts__row">
      <dt safe>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const kindLabel = (ctx: ViewContext, kind: FactKind) =>
  ctx.text(`cities.kind.${kind}` as MessageKey);
const sizeLabel = (ctx: ViewContext, band: SizeBand) =>
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

export function CityPage({ ctx, city }: { ctx: ViewContext; city: CityProfile }) {
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
        {ctx.can('cities.manage') ? (
          <p class="facts__note">
            <a href={ctx.href(`/editor/cities/${city.id}`)}>{t('cities.edit')}</a>
          </p>
        ) : (
          ''
        )}
      </section>

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

function FactTable({
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

// ───────────────────────────── Cities like mine ─────────────────────────────

function reasonText(ctx: ViewContext, reason: PeerReasonView): string {
  const list = (items: { label: string }[]) =>
    new Intl.ListFormat(ctx.locale, { type: 'conjunction' }).format(items.map((i) => i.label));
  switch (reason.kind) {
    case 'themes':
      return ctx.text('cities.reason.themes', { list: list(reason.items) });
    case 'targetGroups':
      return ctx.text('cities.reason.targetGroups', { list: list(reason.items) });
    case 'size':
      return reason.same
        ? ctx.text('cities.reason.sizeSame')
        : ctx.text('cities.reason.sizeSimilar');
    case 'region':
      return reason.near
        ? ctx.text('cities.reason.regionNear', { region: reason.name })
        : ctx.text('cities.reason.region', { region: reason.name });
  }
}

/** How the score is made, in plain words (keep in step with city-similarity.ts). */
function Method({ ctx }: { ctx: ViewContext }) {
  const { t } = ctx;
  return (
    <details class="panel">
      <summary>{t('cities.method.title')}</summary>
      <ul>
        <li>{t('cities.method.themes')}</li>
        <li>{t('cities.method.size')}</li>
        <li>{t('cities.method.region')}</li>
        <li>{t('cities.method.candidates')}</li>
      </ul>
    </details>
  );
}

function PeerList({ ctx, peers }: { ctx: ViewContext; peers: PeerView[] }) {
  const { t } = ctx;
  return (
    <ol class="results__list">
      {peers.map((peer) => (
        <li>
          <article class="card">
            <h2 class="card__title">
              <a href={ctx.href(`/cities/${peer.id}`)} safe>
                {ctx.text('practice.place', { city: peer.name, country: peer.country.name })}
              </a>
            </h2>
            <p class="card__meta">
              {t('cities.peers.score', { score: peer.score })}
              {peer.reasons.length > 0 ? (
                <>
                  {' · '}
                  <span safe>{peer.reasons.map((r) => reasonText(ctx, r)).join('; ')}</span>
                </>
              ) : (
                ''
              )}
            </p>
            {peer.practices.length > 0 ? (
              <ul class="inline-list" aria-label={ctx.text('cities.peers.practices')}>
                {peer.practices.map((p) => (
                  <li>
                    <a href={ctx.href(`/practices/${p.slug}`)} lang={p.displayLanguage} safe>
                      {p.title}
                    </a>
                  </li>
                ))}
              </ul>
            ) : (
              ''
            )}
          </article>
        </li>
      ))}
    </ol>
  );
}

export function PeersPage({
  ctx,
  city,
  peers,
}: {
  ctx: ViewContext;
  city: CitySummary;
  peers: PeerView[];
}) {
  const { t } = ctx;
  const title = ctx.text('cities.peers.title', { city: city.name });
  return (
    <Layout
      ctx={ctx}
      title={title}
      description={ctx.text('cities.peers.intro', { city: city.name })}
    >
      <nav class="breadcrumbs" aria-label={ctx.text('nav.breadcrumbs')}>
        <ol>
          <li>
            <a href={ctx.href(`/countries/${city.country.code}`)} safe>
              {city.country.name}
            </a>
          </li>
          <li>
            <a href={ctx.href(`/cities/${city.id}`)} safe>
              {city.name}
            </a>
          </li>
        </ol>
      </nav>
      <div class="page-heading">
        <h1 safe>{title}</h1>
        <p class="lead">{t('cities.peers.intro', { city: city.name })}</p>
      </div>
      <Method ctx={ctx} />
      <p class="results__count">{t('cities.peers.count', { count: peers.length })}</p>
      {peers.length === 0 ? <p>{t('cities.peers.none')}</p> : <PeerList ctx={ctx} peers={peers} />}
      <p>
        <a href={ctx.href('/cities/like-mine')}>{t('cities.likeMine.title')}</a>
      </p>
    </Layout>
  );
}

export interface LikeMineChoices {
  regions: (Choice & { level: number })[];
  themes: Choice[];
  targetGroups: Choice[];
}

export function LikeMinePage({
  ctx,
  choices,
  values,
  problems,
  peers,
}: {
  ctx: ViewContext;
  choices: LikeMineChoices;
  /** What was asked, as typed. */
  values: { size: string; region: string; themes: string[]; target_groups: string[] };
  problems: FieldProblem[];
  /** Undefined until something is asked. */
  peers?: PeerView[];
}) {
  const { t } = ctx;
  const title = ctx.text('cities.likeMine.title');
  return (
    <Layout ctx={ctx} title={title} description={ctx.text('cities.likeMine.intro')}>
      <div class="page-heading">
        <h1 safe>{title}</h1>
        <p class="lead">{t('cities.likeMine.intro')}</p>
      </div>
      <ErrorSummary ctx={ctx} problems={problems} />
      <form method="get" action={ctx.href('/cities/like-mine')} class="form-page" novalidate>
        <SelectField
          ctx={ctx}
          name="size"
          label={ctx.text('cities.likeMine.size')}
          problems={problems}
          value={values.size}
          empty={ctx.text('cities.likeMine.any')}
          choices={SIZE_BANDS.map((band) => ({ value: band, label: sizeLabel(ctx, band) }))}
        />
        <SelectField
          ctx={ctx}
          name="region"
          label={ctx.text('cities.likeMine.region')}
          problems={problems}
          value={values.region}
          empty={ctx.text('cities.likeMine.any')}
          choices={choices.regions.map((r) => ({
            value: r.value,
            label: `${'\u00a0\u00a0'.repeat(r.level - 1)}${r.label}`,
          }))}
        />
        <ChoiceGroup
          ctx={ctx}
          name="themes"
          label={ctx.text('cities.likeMine.themes')}
          problems={problems}
          values={values.themes}
          choices={choices.themes}
        />
        <ChoiceGroup
          ctx={ctx}
          name="target_groups"
          label={ctx.text('cities.likeMine.targetGroups')}
          problems={problems}
          values={values.target_groups}
          choices={choices.targetGroups}
        />
        <button type="submit" class="button">
          {t('cities.likeMine.submit')}
        </button>
      </form>
      {peers ? (
        <section aria-labelledby="peers-heading">
          <h2 id="peers-heading" class="results__count">
            {t('cities.peers.count', { count: peers.length })}
          </h2>
          <PeerList ctx={ctx} peers={peers} />
        </section>
      ) : (
        ''
      )}
      <Method ctx={ctx} />
    </Layout>
  );
}

// ───────────────────────────── Editors ─────────────────────────────

export interface CityEditorForms {
  fact: { values: Record<string, string>; problems: FieldProblem[] };
  network: { values: Record<string, string>; problems: FieldProblem[] };
}

export function CityEditorPage({
  ctx,
  city,
  forms,
}: {
  ctx: ViewContext;
  city: CityProfile;
  forms: CityEditorForms;
}) {
  const { t } = ctx;
  const title = ctx.text('cities.editor.title', { city: city.name });
  const base = `/cities/${city.id}`;
  const { fact, network } = forms;
  return (
    <Layout ctx={ctx} title={title} noindex>
      <div class="form-page">
        <p>
          <a href={ctx.href(base)}>{t('cities.editor.back')}</a>
        </p>
        <h1 safe>{title}</h1>

        <h2>{t('cities.figures')}</h2>
        {city.facts.length === 0 ? (
          <p>{t('cities.none')}</p>
        ) : (
          <FactTable
            ctx={ctx}
            facts={city.facts}
            remove={(id) => ctx.href(`/editor${base}/facts/${id}/delete`)}
          />
        )}
        <h3>{t('cities.editor.addFact')}</h3>
        <ErrorSummary ctx={ctx} problems={fact.problems} />
        <PostForm action={ctx.href(`/editor${base}/facts`)} csrfToken={ctx.csrfToken ?? ''}>
          <SelectField
            ctx={ctx}
            name="kind"
            label={ctx.text('cities.col.figure')}
            problems={fact.problems}
            value={fact.values.kind ?? 'population'}
            choices={FACT_KINDS.map((kind) => ({ value: kind, label: kindLabel(ctx, kind) }))}
          />
          <Field
            ctx={ctx}
            name="value"
            label={ctx.text('cities.col.value')}
            hint={ctx.text('cities.editor.valueHint')}
            problems={fact.problems}
            value={fact.values.value}
            maxlength={20}
          />
          <Field
            ctx={ctx}
            name="year"
            label={ctx.text('cities.col.year')}
            hint={ctx.text('cities.editor.yearHint')}
            problems={fact.problems}
            value={fact.values.year}
            maxlength={4}
          />
          <Field
            ctx={ctx}
            name="source_title"
            label={ctx.text('cities.source')}
            hint={ctx.text('cities.editor.sourceTitleHint')}
            problems={fact.problems}
            value={fact.values.source_title}
            maxlength={300}
          />
          <Field
            ctx={ctx}
            name="source_url"
            label={ctx.text('cities.editor.sourceUrl')}
            problems={fact.problems}
            value={fact.values.source_url}
            maxlength={2000}
          />
          <button type="submit" class="button">
            {t('cities.editor.saveFact')}
          </button>
        </PostForm>

        <h2>{t('cities.networks')}</h2>
        {city.networks.length === 0 ? (
          <p>{t('cities.none')}</p>
        ) : (
          <ul class="plain-list">
            {city.networks.map((n) => (
              <li>
                <a href={n.url} rel="nofollow" safe>
                  {n.name}
                </a>{' '}
                <PostForm
                  action={ctx.href(`/editor${base}/networks/${n.id}/delete`)}
                  csrfToken={ctx.csrfToken ?? ''}
                  class="inline-form"
                >
                  <button type="submit" class="link-button">
                    {t('cities.editor.remove')}
                  </button>
                </PostForm>
              </li>
            ))}
          </ul>
        )}
        <h3>{t('cities.editor.addNetwork')}</h3>
        <ErrorSummary ctx={ctx} problems={network.problems} />
        <PostForm action={ctx.href(`/editor${base}/networks`)} csrfToken={ctx.csrfToken ?? ''}>
          <Field
            ctx={ctx}
            name="name"
            label={ctx.text('cities.editor.networkName')}
            problems={network.problems}
            value={network.values.name}
            maxlength={200}
          />
          <Field
            ctx={ctx}
            name="url"
            label={ctx.text('cities.editor.networkUrl')}
            problems={network.problems}
            value={network.values.url}
            maxlength={2000}
          />
          <button type="submit" class="button">
            {t('cities.editor.saveNetwork')}
          </button>
        </PostForm>
      </div>
    </Layout>
  );
}
