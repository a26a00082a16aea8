import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { directionOf } from '../../../core/i18n/locales.ts';
import { EvidenceBadge } from '../../../views/components/EvidenceBadge.tsx';
import { FactRow } from '../../../views/components/FactRow.tsx';
import { type Choice, SelectField } from '../../../views/components/Form.tsx';
import type { JsonLdData } from '../../../views/components/JsonLd.tsx';
import { Pagination } from '../../../views/components/Pagination.tsx';
import { PlaceText } from '../../../views/components/PlaceName.tsx';
import { ScrollTable } from '../../../views/components/ScrollTable.tsx';
import { queryString } from '../../../views/context.ts';
import { Layout } from '../../../views/layout/Layout.tsx';
import { CC_BY_4, organisationRef, websiteRef } from '../../../views/layout/structured-data.ts';
import { AUDIENCES } from '../recommendation.model.ts';
import type {
  EvidenceSummary,
  RecommendationCard,
  RecommendationDetail,
  RecommendationList,
  RecommendationMatrix,
} from '../recommendation.service.ts';

function AudienceList({ ctx, card }: { ctx: ViewContext; card: RecommendationCard }) {
  return (
    <ul class="inline-list">
      {card.audiences.map((a) => (
        <li>
          <a href={ctx.href(`/recommendations${queryString({ audience: a })}`)}>
            {ctx.t(`level.${a}` as MessageKey)}
          </a>
        </li>
      ))}
    </ul>
  );
}

function ThemeList({ ctx, card }: { ctx: ViewContext; card: RecommendationCard }) {
  return (
    <ul class="inline-list">
      {card.themes.map((theme) => (
        <li>
          <a href={ctx.href(`/recommendations${queryString({ theme: theme.id })}`)} safe>
            {theme.label}
          </a>
        </li>
      ))}
    </ul>
  );
}

export interface IndexPageProps {
  ctx: ViewContext;
  list: RecommendationList;
  filters: { theme?: string; audience?: string };
  themes: Choice[];
}

export function RecommendationsPage({ ctx, list, filters, themes }: IndexPageProps) {
  const { t } = ctx;
  const title = ctx.text('recommendations.title');
  return (
    <Layout ctx={ctx} title={title} description={ctx.text('recommendations.lead')}>
      <h1 safe>{title}</h1>
      <p class="lead">{t('recommendations.lead')}</p>
      <p>
        <a href={ctx.href('/recommendations/matrix')}>{t('recommendations.matrixLink')}</a>
        {ctx.can('recommendations.manage') ? (
          <>
            {' · '}
            <a href={ctx.href('/editor/recommendations/new')}>{t('recommendations.new')}</a>
          </>
        ) : (
          ''
        )}
      </p>
      <form method="get" action={ctx.href('/recommendations')} class="filters-inline">
        <SelectField
          ctx={ctx}
          name="theme"
          label={ctx.text('recommendations.filter.theme')}
          problems={[]}
          value={filters.theme}
          empty={ctx.text('recommendations.filter.any')}
          choices={themes}
        />
        <SelectField
          ctx={ctx}
          name="audience"
          label={ctx.text('recommendations.filter.audience')}
          problems={[]}
          value={filters.audience}
          empty={ctx.text('recommendations.filter.any')}
          choices={AUDIENCES.map((a) => ({
            value: a,
            label: ctx.text(`level.${a}` as MessageKey),
          }))}
        />
        <button type="submit" class="button">
          {t('recommendations.filter.apply')}
        </button>
      </form>
      <p class="results__count" role="status">
        {t('recommendations.count', { count: list.total })}
      </p>
      {list.items.length === 0 ? (
        <p>{t('recommendations.none')}</p>
      ) : (
        <ul class="plain-list recommendation-list">
          {list.items.map((card) => (
            <li class="card">
              <h2
                class="card__title"
                lang={card.titleLanguage}
                dir={directionOf(card.titleLanguage)}
              >
                <a href={ctx.href(`/recommendations/${card.slug}`)} safe>
                  {card.title}
                </a>
              </h2>
              {card.illustrative ? (
                <p>
                  <span class="badge badge--illustrative">{t('practice.illustrative.badge')}</span>
                </p>
              ) : (
                ''
              )}
              <p lang={card.bodyLanguage} dir={directionOf(card.bodyLanguage)} safe>
                {card.excerpt}
              </p>
              <dl class="recommendation__meta">
                <dt>{t('recommendation.audience')}</dt>
                <dd>
                  <AudienceList ctx={ctx} card={card} />
                </dd>
                <dt>{t('recommendation.themes')}</dt>
                <dd>
                  <ThemeList ctx={ctx} card={card} />
                </dd>
              </dl>
              <p class="muted">{t('recommendations.supportedBy', { count: card.practiceCount })}</p>
            </li>
          ))}
        </ul>
      )}
      <Pagination
        ctx={ctx}
        page={list.page}
        pageCount={list.pageCount}
        link={(page) => ctx.href(`/recommendations${queryString({ ...filters, page })}`)}
      />
    </Layout>
  );
}

/** "3 practices: 1 rigorously evaluated, 2 promising; 2 regions", in the reader's language. */
export function summaryText(ctx: ViewContext, summary: EvidenceSummary): string {
  const levels = new Intl.ListFormat(ctx.locale, { type: 'unit' }).format(
    summary.byLevel.map((l) =>
      ctx.text(`recommendation.evidenceLevel.${l.level}` as MessageKey, { count: l.count }),
    ),
  );
  return ctx.text('recommendation.evidenceSummary', {
    count: summary.count,
    levels,
    regions: summary.regions.length,
  });
}

/**
 * schema.org for a recommendation: a CreativeWork published by the clearinghouse, based on (and
 * citing) the practice pages that support it, and on the event or document it comes from.
 */
export function recommendationStructuredData(
  ctx: ViewContext,
  r: RecommendationDetail,
  url: string,
): JsonLdData {
  const practices = r.practices.map((p) => {
    const practiceUrl = `${ctx.publicUrl}${ctx.href(`/practices/${p.slug}`)}`;
    return {
      '@type': 'Article',
      '@id': `${practiceUrl}#practice`,
      url: practiceUrl,
      name: p.title,
    };
  });
  const source = r.source
    ? [
        {
          '@type': r.source.kind === 'event' ? 'Event' : 'CreativeWork',
          name: r.source.title,
          url: `${ctx.publicUrl}${ctx.href(r.source.path)}`,
        },
      ]
    : [];
  return {
    '@context': 'https://schema.org',
    '@type': 'CreativeWork',
    '@id': `${url}#recommendation`,
    url,
    mainEntityOfPage: url,
    name: r.title,
    description: r.excerpt,
    text: r.body,
    inLanguage: r.bodyLanguage,
    datePublished: r.createdAt,
    dateModified: r.updatedAt,
    license: CC_BY_4,
    isAccessibleForFree: true,
    about: r.themes.map((theme) => ({
      '@type': 'DefinedTerm',
      name: theme.label,
      termCode: theme.id,
      url: `${ctx.publicUrl}${ctx.href(`/themes/${theme.id}`)}`,
    })),
    audience: r.audiences.map((a) => ({
      '@type': 'Audience',
      audienceType: ctx.text(`level.${a}` as MessageKey),
    })),
    isBasedOn: [...practices, ...source],
    citation: practices,
    publisher: organisationRef(ctx),
    isPartOf: websiteRef(ctx),
  };
}

export function RecommendationPage({
  ctx,
  r,
  end = [],
}: {
  ctx: ViewContext;
  r: RecommendationDetail;
  /** Panels of higher modules at the end of the page, such as its discussion. */
  end?: JSX.Element[];
}) {
  const { t } = ctx;
  const url = `${ctx.publicUrl}${ctx.href(`/recommendations/${r.slug}`)}`;
  return (
    <Layout
      ctx={ctx}
      title={r.title}
      description={r.excerpt.slice(0, 160)}
      ogType="article"
      jsonLd={recommendationStructuredData(ctx, r, url)}
    >
      <article class="recommendation">
        <nav class="breadcrumbs" aria-label={ctx.text('nav.breadcrumbs')}>
          <ol>
            <li>
              <a href={ctx.href('/recommendations')}>{t('recommendations.title')}</a>
            </li>
          </ol>
        </nav>
        <h1 lang={r.titleLanguage} dir={directionOf(r.titleLanguage)} safe>
          {r.title}
        </h1>
        {r.illustrative ? (
          <p class="notice notice--warning">
            <strong>{t('practice.illustrative.badge')}</strong>{' '}
            {t('recommendation.illustrative.note')}
          </p>
        ) : (
          ''
        )}
        {r.bodyLanguage !== ctx.locale ? (
          <p class="language-note">
            {t('recommendation.language.original', { language: ctx.language(r.bodyLanguage) })}
          </p>
        ) : (
          ''
        )}
        <div class="prose" lang={r.bodyLanguage} dir={directionOf(r.bodyLanguage)}>
          {r.paragraphs.map((paragraph) => (
            <p safe>{paragraph}</p>
          ))}
        </div>
        <section class="facts panel" aria-labelledby="recommendation-facts">
          <h2 id="recommendation-facts" class="facts__title">
            {t('recommendation.facts')}
          </h2>
          <dl class="facts__list">
            <FactRow label={t('recommendation.audience')}>
              <AudienceList ctx={ctx} card={r} />
            </FactRow>
            <FactRow label={t('recommendation.themes')}>
              <ThemeList ctx={ctx} card={r} />
            </FactRow>
            {r.source ? (
              <div class="facts__row">
                <dt>
                  {r.source.kind === 'event'
                    ? t('recommendation.source.event')
                    : t('recommendation.source.resource')}
                </dt>
                <dd>
                  <a href={ctx.href(r.source.path)} safe>
                    {r.source.title}
                  </a>
                </dd>
              </div>
            ) : (
              ''
            )}
          </dl>
        </section>

        <section class="recommendation__evidence" aria-labelledby="evidence-heading">
          <h2 id="evidence-heading">{t('recommendation.evidence')}</h2>
          {r.practices.length === 0 ? (
            <p>{t('recommendation.evidence.none')}</p>
          ) : (
            <>
              <p class="recommendation__summary" safe>
                {summaryText(ctx, r.summary)}
              </p>
              <ul class="plain-list">
                {r.practices.map((p) => (
                  <li class="card">
                    <h3
                      class="card__title"
                      lang={p.displayLanguage}
                      dir={directionOf(p.displayLanguage)}
                    >
                      <a href={ctx.href(`/practices/${p.slug}`)} safe>
                        {p.title}
                      </a>
                    </h3>
                    <p>
                      <EvidenceBadge ctx={ctx} level={p.evidenceLevel} />{' '}
                      <PlaceText ctx={ctx} city={p.cityName} country={p.countryName} />
                      {p.regions.length > 0 ? (
                        <span class="muted" safe>
                          {` (${p.regions
                            .slice(0, 2)
                            .map((x) => x.name)
                            .join(', ')})`}
                        </span>
                      ) : (
                        ''
                      )}
                    </p>
                    {p.note ? (
                      <p>
                        <strong>{t('recommendation.evidence.how')}</strong>{' '}
                        <span safe>{p.note}</span>
                      </p>
                    ) : (
                      ''
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
        <p class="muted">
          {t('practice.updated', { date: ctx.date(r.updatedAt) })}
          {' · '}
          <a href={`/api/v1/recommendations/${r.slug}`} type="application/json">
            {t('recommendation.json')}
          </a>
          {ctx.can('recommendations.manage') ? (
            <>
              {' · '}
              <a href={ctx.href(`/editor/recommendations/${r.slug}/edit`)}>
                {t('recommendation.edit')}
              </a>
            </>
          ) : (
            ''
          )}
        </p>
      </article>
      {end}
    </Layout>
  );
}

export function MatrixPage({ ctx, matrix }: { ctx: ViewContext; matrix: RecommendationMatrix }) {
  const { t } = ctx;
  const title = ctx.text('recommendations.matrix.title');
  return (
    <Layout
      ctx={ctx}
      title={title}
      description={ctx.text('recommendations.matrix.lead', { min: matrix.thinBelow })}
    >
      <nav class="breadcrumbs" aria-label={ctx.text('nav.breadcrumbs')}>
        <ol>
          <li>
            <a href={ctx.href('/recommendations')}>{t('recommendations.title')}</a>
          </li>
        </ol>
      </nav>
      <h1 safe>{title}</h1>
      <p class="lead">{t('recommendations.matrix.lead', { min: matrix.thinBelow })}</p>
      {matrix.rows.length === 0 ? (
        <p>{t('recommendations.none')}</p>
      ) : (
        <ScrollTable label={title}>
          <table class="data-table matrix">
            <caption>{t('recommendations.matrix.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('recommendations.matrix.recommendation')}</th>
                {matrix.themes.map((theme) => (
                  <th scope="col">
                    <a href={ctx.href(`/recommendations${queryString({ theme: theme.id })}`)} safe>
                      {theme.label}
                    </a>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {matrix.rows.map((row) => (
                <tr>
                  <th scope="row">
                    <a href={ctx.href(`/recommendations/${row.slug}`)} safe>
                      {row.title}
                    </a>
                  </th>
                  {row.cells.map((cell) => (
                    <td class={`matrix__cell matrix__cell--${cell.state}`}>
                      {cell.state === 'empty' ? (
                        <span class="muted">
                          <span aria-hidden="true">–</span>
                          <span class="visually-hidden">
                            {t('recommendations.matrix.cell', { count: 0 })}
                          </span>
                        </span>
                      ) : cell.state === 'gap' ? (
                        <strong class="matrix__flag">{t('recommendations.matrix.gap')}</strong>
                      ) : (
                        <>
                          <span class="matrix__count">
                            {t('recommendations.matrix.cell', { count: cell.count })}
                          </span>
                          {cell.strongest ? (
                            <>
                              {' '}
                              <EvidenceBadge ctx={ctx} level={cell.strongest} link={false} />
                            </>
                          ) : (
                            ''
                          )}
                          {cell.state === 'thin' ? (
                            <>
                              {' '}
                              <strong class="matrix__flag">
                                {t('recommendations.matrix.thin')}
                              </strong>
                            </>
                          ) : (
                            ''
                          )}
                        </>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </Layout>
  );
}
