import type { ViewContext } from '../../../core/http/view-context.ts';
import { directionOf } from '../../../core/i18n/locales.ts';
import { DownloadBlock } from '../../../views/components/DownloadBlock.tsx';
import { FactRow } from '../../../views/components/FactRow.tsx';
import { FollowButton } from '../../../views/components/FollowButton.tsx';
import { type Choice, Field, PostForm, SelectField } from '../../../views/components/Form.tsx';
import type { JsonLdData } from '../../../views/components/JsonLd.tsx';
import { Pagination } from '../../../views/components/Pagination.tsx';
import { PlaceText } from '../../../views/components/PlaceName.tsx';
import { queryString } from '../../../views/context.ts';
import { Layout } from '../../../views/layout/Layout.tsx';
import { websiteRef } from '../../../views/layout/structured-data.ts';
import type {
  OrganisationFacts,
  OrganisationListResult,
  OrganisationProfile,
  OrganisationRights,
} from '../organisation.service.ts';
import type { PendingChangeView } from '../organisation-change.service.ts';
import { PendingChange } from './EditorPages.tsx';

/**
 * The directory as everyone reads it: the list with its filters and each organisation's profile.
 * The profile also shows its members and editors what they may do and a change waiting for an
 * editor, so that each organisation has one page to start from; their own pages are in
 * MemberPages.tsx and EditorPages.tsx.
 */

/** The mark in words and a check sign, so it does not rely on colour or on the sign alone. */
export function VerifiedMark({ ctx }: { ctx: ViewContext }) {
  return (
    <span class="verified-mark" title={ctx.text('organisation.verified.label')}>
      <span aria-hidden="true">✓</span> <span>{ctx.t('organisation.verified')}</span>
      <span class="visually-hidden">{ctx.t('organisation.verified.by')}</span>
    </span>
  );
}

function Place({ ctx, o }: { ctx: ViewContext; o: OrganisationFacts }): JSX.Element {
  if (!o.countryName) return <span>{ctx.t('organisation.international')}</span>;
  return <PlaceText ctx={ctx} city={o.cityName} country={o.countryName} />;
}

export interface DirectoryFilters {
  type?: string;
  country?: string;
  verified?: boolean;
  q?: string;
}

export function DirectoryPage({
  ctx,
  result,
  filters,
  types,
  countries,
}: {
  ctx: ViewContext;
  result: OrganisationListResult;
  filters: DirectoryFilters;
  types: Choice[];
  countries: Choice[];
}) {
  const { t } = ctx;
  const query = (page: number) =>
    queryString({
      type: filters.type,
      country: filters.country,
      verified: filters.verified ? 'true' : undefined,
      q: filters.q,
      page: page > 1 ? String(page) : undefined,
    });
  return (
    <Layout
      ctx={ctx}
      title={ctx.text('organisation.list.title')}
      description={ctx.text('organisation.list.lead')}
    >
      <h1>{t('organisation.list.title')}</h1>
      <p class="lead">{t('organisation.list.lead')}</p>
      {ctx.can('organisations.create') ? (
        <p>
          <a class="button button--secondary" href={ctx.href('/organisations/new')}>
            {t('organisation.new')}
          </a>
        </p>
      ) : (
        ''
      )}
      <form
        method="get"
        action={ctx.href('/organisations')}
        class="filters-inline directory-filters"
      >
        <Field
          ctx={ctx}
          name="q"
          type="search"
          label={ctx.text('organisation.filter.name')}
          value={filters.q}
          problems={[]}
          maxlength={200}
        />
        <SelectField
          ctx={ctx}
          name="type"
          label={ctx.text('organisation.field.type')}
          value={filters.type}
          problems={[]}
          choices={types}
          empty={ctx.text('filter.any')}
        />
        <SelectField
          ctx={ctx}
          name="country"
          label={ctx.text('filter.country')}
          value={filters.country}
          problems={[]}
          choices={countries}
          empty={ctx.text('filter.any')}
        />
        <label class="choice">
          <input type="checkbox" name="verified" value="true" checked={filters.verified === true} />
          <span>{t('organisation.filter.verified')}</span>
        </label>
        <button type="submit" class="button">
          {t('filter.apply')}
        </button>
      </form>
      <p class="results__count" role="status">
        {t('organisation.list.count', { count: result.total })}
      </p>
      {result.items.length === 0 ? (
        <p>{t('organisation.list.none')}</p>
      ) : (
        <ul class="plain-list directory">
          {result.items.map((o) => (
            <li class="card">
              <h2 class="card__title">
                <a href={ctx.href(`/organisations/${o.slug}`)} safe>
                  {o.name}
                </a>{' '}
                {o.verified ? <VerifiedMark ctx={ctx} /> : ''}
              </h2>
              <p class="card__meta">
                {o.typeLabel ? <span safe>{o.typeLabel}</span> : ''}
                {o.typeLabel ? ' · ' : ''}
                <Place ctx={ctx} o={o} /> ·{' '}
                <span>{t('practices.count', { count: o.practiceCount })}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pagination
        ctx={ctx}
        page={result.page}
        pageCount={result.pageCount}
        link={(n) => ctx.href(`/organisations${query(n)}`)}
      />
      <DownloadBlock ctx={ctx} base="/organisations" />
    </Layout>
  );
}

const GOVERNMENT_TYPES = new Set(['municipality', 'regional-government', 'national-government']);
const NGO_TYPES = new Set(['ngo', 'migrant-association', 'faith-based']);

export function organisationStructuredData(
  ctx: ViewContext,
  o: OrganisationProfile,
  url: string,
): JsonLdData {
  const type =
    o.type && GOVERNMENT_TYPES.has(o.type)
      ? 'GovernmentOrganization'
      : o.type && NGO_TYPES.has(o.type)
        ? 'NGO'
        : o.type === 'academia'
          ? 'EducationalOrganization'
          : 'Organization';
  return {
    '@context': 'https://schema.org',
    '@type': type,
    '@id': `${url}#organization`,
    name: o.name,
    url,
    ...(o.website ? { sameAs: o.website } : {}),
    ...(o.description ? { description: o.description } : {}),
    ...(o.countryCode
      ? {
          address: {
            '@type': 'PostalAddress',
            addressCountry: o.countryCode,
            ...(o.cityName ? { addressLocality: o.cityName } : {}),
          },
        }
      : {}),
    ...(o.typeLabel ? { additionalType: o.typeLabel } : {}),
    mainEntityOfPage: { '@type': 'ProfilePage', url, isPartOf: websiteRef(ctx) },
  };
}

export function OrganisationPage({
  ctx,
  organisation: o,
  rights,
  pendingChange = null,
  mayCurate = false,
  managedByEditors = false,
  end = [],
}: {
  ctx: ViewContext;
  organisation: OrganisationProfile;
  rights: OrganisationRights;
  /** Nobody manages it: the editors answer its messages. */
  managedByEditors?: boolean;
  /** A member's change waiting for an editor, for members and editors. */
  pendingChange?: PendingChangeView | null;
  /** Editors decide on changes and merge duplicates. */
  mayCurate?: boolean;
  /** Panels of higher modules at the end of the page: its practices, its events. */
  end?: JSX.Element[];
}) {
  const { t } = ctx;
  const path = `/organisations/${o.slug}`;
  return (
    <Layout
      ctx={ctx}
      title={o.name}
      description={o.description?.slice(0, 160)}
      canonicalPath={path}
      jsonLd={organisationStructuredData(ctx, o, `${ctx.publicUrl}${ctx.href(path)}`)}
    >
      <nav class="breadcrumbs" aria-label={ctx.text('nav.breadcrumbs')}>
        <ol>
          <li>
            <a href={ctx.href('/organisations')}>{t('organisation.list.title')}</a>
          </li>
        </ol>
      </nav>
      <h1>
        <span safe>{o.name}</span> {o.verified ? <VerifiedMark ctx={ctx} /> : ''}
      </h1>
      <FollowButton ctx={ctx} kind="organisation" target={String(o.id)} />
      <dl class="facts__list">
        {o.typeLabel ? (
          <FactRow label={t('organisation.field.type')}>
            <a href={ctx.href(`/organisations?type=${encodeURIComponent(o.type ?? '')}`)} safe>
              {o.typeLabel}
            </a>
          </FactRow>
        ) : (
          ''
        )}
        <FactRow label={t('organisation.place')}>
          <Place ctx={ctx} o={o} />
        </FactRow>
        {o.website ? (
          <FactRow label={t('organisation.field.website')}>
            <a href={o.website} rel="external noopener" safe>
              {o.website}
            </a>
          </FactRow>
        ) : (
          ''
        )}
      </dl>
      {managedByEditors ? (
        <p class="notice" id="managed-by-editors">
          {t('organisation.claim.managedByEditors')}
        </p>
      ) : (
        ''
      )}
      <p class="no-print">
        <a href={ctx.href(`/contact/organisation/${o.slug}`)}>{t('contact.link.organisation')}</a>
        {rights.membership?.role === 'admin' ? (
          ''
        ) : (
          <>
            {' · '}
            <a href={ctx.href(`${path}/claim`)} id="claim-link">
              {t('organisation.claim.link')}
            </a>
          </>
        )}
      </p>
      {o.description ? (
        <section
          aria-labelledby="org-about"
          class="prose"
          lang={o.descriptionLocale ?? undefined}
          dir={o.descriptionLocale ? directionOf(o.descriptionLocale) : undefined}
        >
          <h2 id="org-about">{t('organisation.section.about')}</h2>
          {o.description.split(/\n{2,}/).map((p) => (
            <p safe>{p}</p>
          ))}
        </section>
      ) : (
        ''
      )}
      {rights.mayEdit || rights.mayManageMembers || rights.membership || rights.mayVerify ? (
        <div class="form-actions">
          {rights.mayEdit ? (
            <a class="button button--secondary" href={ctx.href(`${path}/edit`)}>
              {t('organisation.edit')}
            </a>
          ) : (
            ''
          )}
          {rights.mayManageMembers || rights.membership ? (
            <a class="button button--secondary" href={ctx.href(`${path}/members`)}>
              {t('organisation.members.title')}
            </a>
          ) : (
            ''
          )}
          {mayCurate ? (
            <a class="button button--secondary" href={ctx.href(`${path}/merge`)}>
              {t('organisation.merge.link')}
            </a>
          ) : (
            ''
          )}
          {rights.mayVerify ? (
            <PostForm
              action={ctx.href(`${path}/${o.verified ? 'unverify' : 'verify'}`)}
              csrfToken={ctx.csrfToken ?? ''}
              class="inline-form"
            >
              <button type="submit" class="button button--secondary">
                {o.verified ? t('organisation.unverify') : t('organisation.verify')}
              </button>
            </PostForm>
          ) : (
            ''
          )}
        </div>
      ) : (
        ''
      )}
      {pendingChange ? (
        <PendingChange ctx={ctx} change={pendingChange} mayCurate={mayCurate} />
      ) : (
        ''
      )}
      {o.members.length > 0 ? (
        <section aria-labelledby="org-people">
          <h2 id="org-people">{t('organisation.section.people')}</h2>
          <ul class="inline-list">
            {o.members.map((m) => (
              <li safe>{m.name}</li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      {end}
    </Layout>
  );
}
