import type { FieldProblem } from '../../../core/errors.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import { FacetSidebar } from '../../../views/components/FacetSidebar.tsx';
import { FactRow } from '../../../views/components/FactRow.tsx';
import {
  type Choice,
  ErrorSummary,
  PostForm,
  problemText,
} from '../../../views/components/Form.tsx';
import { FormFields } from '../../../views/components/FormFields.tsx';
import type { JsonLdData } from '../../../views/components/JsonLd.tsx';
import { Pagination } from '../../../views/components/Pagination.tsx';
import { PracticeCard } from '../../../views/components/PracticeCard.tsx';
import { queryString } from '../../../views/context.ts';
import { Layout } from '../../../views/layout/Layout.tsx';
import { websiteRef } from '../../../views/layout/structured-data.ts';
import type { PracticeCard as Card } from '../../practices/index.ts';
import {
  BIO_MAX,
  EXPERT_FACETS,
  type ExpertFacet,
  type ExpertListResult,
  HEADLINE_MAX,
  ORGANISATION_MAX,
  type OwnProfileValues,
  type PersonProfile,
  type PersonSummary,
} from '../people.service.ts';

const FACET_LEGENDS: Record<
  ExpertFacet,
  'people.expertise' | 'people.languages' | 'people.regions'
> = {
  theme: 'people.expertise',
  language: 'people.languages',
  region: 'people.regions',
};

function PersonFacts({ ctx, person: p }: { ctx: ViewContext; person: PersonSummary }) {
  const { t } = ctx;
  return (
    <dl class="facts__list">
      {p.organisation ? (
        <FactRow label={t('people.organisation')}>
          <a href={ctx.href(`/organisations/${p.organisation.slug}`)} safe>
            {p.organisation.name}
          </a>
        </FactRow>
      ) : p.unconfirmedOrganisation ? (
        <FactRow label={t('people.organisation')}>
          <span safe>{p.unconfirmedOrganisation}</span>{' '}
          <span class="unverified-mark">{t('people.organisation.unverified')}</span>
        </FactRow>
      ) : (
        ''
      )}
      {p.themes.length > 0 ? (
        <FactRow label={t('people.expertise')}>
          <ul class="inline-list">
            {p.themes.map((theme) => (
              <li>
                <a href={ctx.href(`/themes/${theme.id}`)} safe>
                  {theme.label}
                </a>
              </li>
            ))}
          </ul>
        </FactRow>
      ) : (
        ''
      )}
      {p.languages.length > 0 ? (
        <FactRow
          label={t('people.languages')}
          text={p.languages.map((l) => ctx.language(l)).join(', ')}
        />
      ) : (
        ''
      )}
      {p.regions.length > 0 ? (
        <FactRow label={t('people.regions')}>
          <ul class="inline-list">
            {p.regions.map((r) => (
              <li>
                <a href={ctx.href(`/regions/${r.code}`)} safe>
                  {r.name}
                </a>
              </li>
            ))}
          </ul>
        </FactRow>
      ) : (
        ''
      )}
    </dl>
  );
}

export function ExpertsPage({ ctx, result }: { ctx: ViewContext; result: ExpertListResult }) {
  const { t } = ctx;
  const { filters } = result;
  const applied = EXPERT_FACETS.reduce((n, f) => n + filters[f].length, 0);
  const title = ctx.text('people.experts.title');
  return (
    <Layout
      ctx={ctx}
      title={title}
      description={ctx.text('people.experts.lead')}
      canonicalPath={applied > 0 || result.page > 1 ? undefined : '/experts'}
      noindex={applied > 0}
    >
      <form method="get" action={ctx.href('/experts')} class="search">
        <div class="search__bar">
          <h1 class="search__title">{t('people.experts.title')}</h1>
          <p class="lead">{t('people.experts.lead')}</p>
          <ErrorSummary ctx={ctx} problems={result.problems} />
        </div>
        <FacetSidebar
          ctx={ctx}
          applied={applied}
          clearHref={ctx.href('/experts')}
          groups={EXPERT_FACETS.map((facet) => ({
            name: facet,
            id: `field-${facet}`,
            legend: ctx.text(FACET_LEGENDS[facet]),
            values: result.facets[facet],
          }))}
        />
        <section class="content" aria-labelledby="results-count">
          <p id="results-count" class="results__count" role="status">
            {t('people.experts.count', { count: result.total })}
          </p>
          {result.items.length === 0 ? (
            <div class="empty-state">
              <p>{applied > 0 ? t('people.experts.noneFiltered') : t('people.experts.none')}</p>
              <ul>
                {applied > 0 ? (
                  <li>
                    <a href={ctx.href('/experts')}>{t('people.experts.showAll')}</a>
                  </li>
                ) : (
                  ''
                )}
                <li>
                  <a href={ctx.href('/account/people-profile')}>{t('people.experts.becomeOne')}</a>
                </li>
                <li>
                  <a href={ctx.href('/organisations')}>{t('people.experts.askOrganisations')}</a>
                </li>
              </ul>
            </div>
          ) : (
            <ul class="plain-list directory">
              {result.items.map((p) => (
                <li class="card">
                  <h2 class="card__title">
                    <a href={ctx.href(`/people/${p.id}`)} safe>
                      {p.name}
                    </a>
                  </h2>
                  {p.headline ? (
                    <p class="card__meta" safe>
                      {p.headline}
                    </p>
                  ) : (
                    ''
                  )}
                  <PersonFacts ctx={ctx} person={p} />
                </li>
              ))}
            </ul>
          )}
          <Pagination
            ctx={ctx}
            page={result.page}
            pageCount={result.pageCount}
            link={(n) =>
              ctx.href(`/experts${queryString({ ...filters, page: n > 1 ? n : undefined })}`)
            }
          />
        </section>
      </form>
    </Layout>
  );
}

/** A ProfilePage whose main entity is the Person: only what they chose to publish. */
export function personStructuredData(ctx: ViewContext, p: PersonProfile, url: string): JsonLdData {
  return {
    '@context': 'https://schema.org',
    '@type': 'ProfilePage',
    url,
    dateCreated: p.createdAt,
    dateModified: p.updatedAt,
    isPartOf: websiteRef(ctx),
    mainEntity: {
      '@type': 'Person',
      '@id': `${url}#person`,
      name: p.name,
      url,
      ...(p.headline ? { jobTitle: p.headline } : {}),
      ...(p.bio ? { description: p.bio } : {}),
      ...(p.organisation
        ? {
            worksFor: {
              '@type': 'Organization',
              name: p.organisation.name,
              url: `${ctx.publicUrl}${ctx.href(`/organisations/${p.organisation.slug}`)}`,
            },
          }
        : {}),
      ...(p.themes.length > 0 ? { knowsAbout: p.themes.map((theme) => theme.label) } : {}),
      ...(p.languages.length > 0 ? { knowsLanguage: p.languages } : {}),
    },
  };
}

export function PersonPage({
  ctx,
  person: p,
  practices,
}: {
  ctx: ViewContext;
  person: PersonProfile;
  practices: { total: number; items: Card[] };
}) {
  const { t } = ctx;
  const path = `/people/${p.id}`;
  return (
    <Layout
      ctx={ctx}
      title={p.name}
      description={(p.headline || p.bio).slice(0, 160) || undefined}
      canonicalPath={path}
      jsonLd={personStructuredData(ctx, p, `${ctx.publicUrl}${ctx.href(path)}`)}
    >
      <nav class="breadcrumbs" aria-label={ctx.text('nav.breadcrumbs')}>
        <ol>
          <li>
            <a href={ctx.href('/experts')}>{t('people.experts.title')}</a>
          </li>
        </ol>
      </nav>
      <h1 safe>{p.name}</h1>
      {p.headline ? (
        <p class="lead" safe>
          {p.headline}
        </p>
      ) : (
        ''
      )}
      <PersonFacts ctx={ctx} person={p} />
      <p>
        <a class="button" href={ctx.href(`/contact/person/${p.id}`)}>
          {t('people.contact')}
        </a>
      </p>
      <p class="muted">{t('people.contact.note')}</p>
      {p.bio ? (
        <section aria-labelledby="person-about" class="prose">
          <h2 id="person-about">{t('people.about')}</h2>
          {p.bio.split(/\n{2,}/).map((paragraph) => (
            <p safe>{paragraph}</p>
          ))}
        </section>
      ) : (
        ''
      )}
      <section aria-labelledby="person-practices">
        <h2 id="person-practices">{t('people.practices')}</h2>
        {practices.items.length === 0 ? (
          <p>{t('people.practices.none')}</p>
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
    </Layout>
  );
}

export function PeopleProfileFormPage({
  ctx,
  values,
  problems,
  saved,
  personId,
  themes,
  regions,
}: {
  ctx: ViewContext;
  values: OwnProfileValues;
  problems: FieldProblem[];
  saved: boolean;
  personId: number;
  themes: Choice[];
  regions: Choice[];
}) {
  const { t } = ctx;
  const listedProblem = problems.find((p) => p.field === 'listed');
  return (
    <Layout ctx={ctx} title={ctx.text('people.form.title')} noindex>
      <div class="form-page">
        <p>
          <a href={ctx.href('/account')}>{t('account.title')}</a>
        </p>
        <h1>{t('people.form.title')}</h1>
        {saved ? (
          <div class="notice notice--success" role="status">
            <p>{values.listed ? t('people.form.savedListed') : t('people.form.savedPrivate')}</p>
            {values.listed ? (
              <p>
                <a href={ctx.href(`/people/${personId}`)}>{t('people.form.view')}</a>
              </p>
            ) : (
              ''
            )}
          </div>
        ) : (
          ''
        )}
        <p>{t('people.form.lead')}</p>
        <p class="notice">{t('people.form.public')}</p>
        <ErrorSummary ctx={ctx} problems={problems} />
        <PostForm action={ctx.href('/account/people-profile')} csrfToken={ctx.csrfToken ?? ''}>
          <div class={listedProblem ? 'field field--error' : 'field'}>
            {listedProblem ? (
              <p class="field__error" safe>
                {problemText(ctx, listedProblem)}
              </p>
            ) : (
              ''
            )}
            <label class="choice">
              <input
                type="checkbox"
                name="listed"
                value="true"
                id="field-listed"
                checked={values.listed}
              />
              <span>{t('people.field.listed')}</span>
            </label>
            <p class="field__hint">{t('people.field.listedHint')}</p>
          </div>
          <FormFields
            ctx={ctx}
            problems={problems}
            values={values}
            fields={[
              {
                name: 'headline',
                label: ctx.text('people.field.headline'),
                hint: ctx.text('people.field.headlineHint'),
                maxlength: HEADLINE_MAX,
              },
              {
                name: 'organisation',
                label: ctx.text('people.organisation'),
                hint: ctx.text('people.field.organisationHint'),
                autocomplete: 'organization',
                maxlength: ORGANISATION_MAX,
              },
              {
                kind: 'area',
                name: 'bio',
                label: ctx.text('people.about'),
                hint: ctx.text('people.field.bioHint', { max: BIO_MAX }),
                maxlength: BIO_MAX,
                rows: 8,
              },
              {
                name: 'languages',
                label: ctx.text('people.languages'),
                hint: ctx.text('people.field.languagesHint'),
                maxlength: 300,
              },
              {
                kind: 'choices',
                name: 'themes',
                label: ctx.text('people.expertise'),
                choices: themes,
              },
              {
                kind: 'choices',
                name: 'regions',
                label: ctx.text('people.regions'),
                hint: ctx.text('people.field.regionsHint'),
                choices: regions,
              },
            ]}
          />
          <button type="submit" class="button">
            {t('people.form.save')}
          </button>
        </PostForm>
      </div>
    </Layout>
  );
}
