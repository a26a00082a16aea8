import type { FieldProblem } from '../../../core/errors.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import {
  type Choice,
  ChoiceGroup,
  ErrorSummary,
  SelectField,
} from '../../../views/components/Form.tsx';
import { PlaceText } from '../../../views/components/PlaceName.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import type { CitySummary, PeerReasonView, PeerView } from '../city.service.ts';
import { SIZE_BANDS } from '../city-similarity.ts';
import { sizeLabel } from './CityPage.tsx';

/** Cities like one's own: the peers of a city, and the short form that finds peers for any city. */

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
      if (reason.near) return ctx.text('cities.reason.regionNear', { region: reason.name });
      return reason.subregion
        ? ctx.text('cities.reason.regionIn', { region: reason.name, subregion: reason.subregion })
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
              <a href={ctx.href(`/cities/${peer.id}`)}>
                <PlaceText ctx={ctx} city={peer.name} country={peer.country.name} />
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
  ownCity,
}: {
  ctx: ViewContext;
  choices: LikeMineChoices;
  /** What was asked, as typed. */
  values: { size: string; region: string; themes: string[]; target_groups: string[] };
  problems: FieldProblem[];
  /** Undefined until something is asked. */
  peers?: PeerView[];
  /** The reader's own city, when the form starts from it. */
  ownCity?: CitySummary;
}) {
  const { t } = ctx;
  const title = ctx.text('cities.likeMine.title');
  return (
    <Layout ctx={ctx} title={title} description={ctx.text('cities.likeMine.intro')}>
      <div class="page-heading">
        <h1 safe>{title}</h1>
        <p class="lead">{t('cities.likeMine.intro')}</p>
        <p>
          <a href={ctx.href('/self-assessment/method')}>{t('assessment.method.link')}</a>
        </p>
      </div>
      {ownCity ? (
        <p class="notice" id="own-city">
          {t('cities.likeMine.fromOwnCity', { city: ownCity.name })}
        </p>
      ) : (
        ''
      )}
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
