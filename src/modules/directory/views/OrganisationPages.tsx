import type { FieldProblem } from '../../../core/errors.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { directionOf, LOCALES } from '../../../core/i18n/locales.ts';
import { FollowButton } from '../../../views/components/FollowButton.tsx';
import {
  type Choice,
  ErrorSummary,
  Field,
  PostForm,
  problemText,
  SelectField,
  TextArea,
} from '../../../views/components/Form.tsx';
import type { JsonLdData } from '../../../views/components/JsonLd.tsx';
import { Pagination } from '../../../views/components/Pagination.tsx';
import { queryString, type ViewContext } from '../../../views/context.ts';
import { Layout } from '../../../views/layout/Layout.tsx';
import { websiteRef } from '../../../views/layout/structured-data.ts';
import type {
  OrganisationFacts,
  OrganisationListResult,
  OrganisationProfile,
  OrganisationRights,
} from '../organisation.service.ts';
import type { ChangedField, PendingChangeView } from '../organisation-change.service.ts';
import type { InvitationView, MemberView } from '../organisation-member.service.ts';

/** The mark in words and a check sign, so it does not rely on colour or on the sign alone. */
export function VerifiedMark({ ctx }: { ctx: ViewContext }) {
  return (
    <span class="verified-mark" title={ctx.text('organisation.verified.label')}>
      <span aria-hidden="true">✓</span> <span>{ctx.t('organisation.verified')}</span>
      <span class="visually-hidden">{ctx.t('organisation.verified.by')}</span>
    </span>
  );
}

function place(ctx: ViewContext, o: OrganisationFacts): string {
  if (!o.countryName) return ctx.text('organisation.international');
  return o.cityName ? `${o.cityName}, ${o.countryName}` : o.countryName;
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
                <span safe>{place(ctx, o)}</span> ·{' '}
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

const FIELD_LABELS: Record<Exclude<ChangedField, 'description'>, MessageKey> = {
  name: 'organisation.field.name',
  type: 'organisation.field.type',
  country: 'filter.country',
  city: 'organisation.field.city',
  website: 'organisation.field.website',
};

/**
 * A member's change waiting for an editor: what it changes, from what to what, and for editors
 * the decision. `title` heads it in the editors' list, where it stands among others.
 */
function PendingChange({
  ctx,
  change,
  mayCurate,
  title,
}: {
  ctx: ViewContext;
  change: PendingChangeView;
  mayCurate: boolean;
  title?: JSX.Element;
}) {
  const { t } = ctx;
  const path = `/organisations/${change.organisation.slug}`;
  const id = `change-${change.organisation.slug}`;
  const empty = ctx.text('organisation.change.empty');
  const heading: JSX.Element = title ?? t('organisation.change.heading');
  return (
    <section class="panel organisation-change" aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      <p>{t('organisation.change.why')}</p>
      <p>
        {change.proposedBy
          ? t('organisation.change.proposed', {
              name: change.proposedBy,
              date: ctx.date(change.proposedAt),
            })
          : t('organisation.change.proposedOn', { date: ctx.date(change.proposedAt) })}
      </p>
      <table class="data-table">
        <thead>
          <tr>
            <th scope="col">{t('organisation.change.field')}</th>
            <th scope="col">{t('organisation.change.current')}</th>
            <th scope="col">{t('organisation.change.new')}</th>
          </tr>
        </thead>
        <tbody>
          {change.fields.map((f) => (
            <tr>
              <th scope="row">
                {f.field === 'description'
                  ? t('organisation.change.descriptionIn', {
                      language: ctx.language(f.locale ?? ''),
                    })
                  : t(FIELD_LABELS[f.field])}
              </th>
              <td class="organisation-change__text" safe>
                {f.current ?? empty}
              </td>
              <td class="organisation-change__text" safe>
                {f.proposed ?? empty}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {mayCurate ? (
        <div class="form-actions">
          <PostForm
            action={ctx.href(`${path}/changes/approve`)}
            csrfToken={ctx.csrfToken ?? ''}
            class="inline-form"
          >
            <button type="submit" class="button">
              {t('organisation.change.approve')}
            </button>
          </PostForm>
          <PostForm
            action={ctx.href(`${path}/changes/reject`)}
            csrfToken={ctx.csrfToken ?? ''}
            class="inline-form"
          >
            <button type="submit" class="button button--secondary">
              {t('organisation.change.reject')}
            </button>
          </PostForm>
        </div>
      ) : (
        ''
      )}
    </section>
  );
}

/** The editors' list of the changes members proposed to organisations that practices name. */
export function PendingChangesPage({
  ctx,
  changes,
}: {
  ctx: ViewContext;
  changes: PendingChangeView[];
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={ctx.text('organisation.changes.title')} noindex>
      <h1>{t('organisation.changes.title')}</h1>
      <p class="lead">{t('organisation.changes.lead')}</p>
      {changes.length === 0 ? <p>{t('organisation.changes.none')}</p> : ''}
      {changes.map((change) => (
        <PendingChange
          ctx={ctx}
          change={change}
          mayCurate
          title={
            <a href={ctx.href(`/organisations/${change.organisation.slug}`)} safe>
              {change.organisation.name}
            </a>
          }
        />
      ))}
    </Layout>
  );
}

export function OrganisationPage({
  ctx,
  organisation: o,
  rights,
  pendingChange = null,
  mayCurate = false,
  end = [],
}: {
  ctx: ViewContext;
  organisation: OrganisationProfile;
  rights: OrganisationRights;
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
          <div class="facts__row">
            <dt>{t('organisation.field.type')}</dt>
            <dd>
              <a href={ctx.href(`/organisations?type=${encodeURIComponent(o.type ?? '')}`)} safe>
                {o.typeLabel}
              </a>
            </dd>
          </div>
        ) : (
          ''
        )}
        <div class="facts__row">
          <dt>{t('organisation.place')}</dt>
          <dd safe>{place(ctx, o)}</dd>
        </div>
        {o.website ? (
          <div class="facts__row">
            <dt>{t('organisation.field.website')}</dt>
            <dd>
              <a href={o.website} rel="external noopener" safe>
                {o.website}
              </a>
            </dd>
          </div>
        ) : (
          ''
        )}
      </dl>
      <p class="no-print">
        <a href={ctx.href(`/contact/organisation/${o.slug}`)}>{t('contact.link.organisation')}</a>
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

export function OrganisationFormPage({
  ctx,
  organisation,
  needsApproval = false,
  values,
  problems,
  types,
  countries,
}: {
  ctx: ViewContext;
  organisation?: OrganisationProfile;
  /** Whether an editor approves the changes before they show. */
  needsApproval?: boolean;
  values: Record<string, string>;
  problems: FieldProblem[];
  types: Choice[];
  countries: Choice[];
}) {
  const { t } = ctx;
  const heading = organisation
    ? ctx.text('organisation.form.editTitle', { name: organisation.name })
    : ctx.text('organisation.new');
  const path = organisation ? `/organisations/${organisation.slug}` : '/organisations';
  const languages = LOCALES.map((l) => ({ value: l, label: ctx.language(l) }));
  return (
    <Layout ctx={ctx} title={heading} noindex>
      <div class="form-page">
        <p>
          <a href={ctx.href(organisation ? path : '/organisations')}>
            {organisation ? <span safe>{organisation.name}</span> : t('organisation.list.title')}
          </a>
        </p>
        <h1 safe>{heading}</h1>
        {organisation ? '' : <p>{t('organisation.form.lead')}</p>}
        {needsApproval ? (
          <p class="notice notice--warning">{t('organisation.form.needsApproval')}</p>
        ) : (
          ''
        )}
        <ErrorSummary ctx={ctx} problems={problems} />
        <PostForm action={ctx.href(path)} csrfToken={ctx.csrfToken ?? ''}>
          <Field
            ctx={ctx}
            name="name"
            label={ctx.text('organisation.field.name')}
            value={values.name}
            problems={problems}
            required
            maxlength={200}
          />
          <SelectField
            ctx={ctx}
            name="type"
            label={ctx.text('organisation.field.type')}
            value={values.type}
            problems={problems}
            choices={types}
            empty={ctx.text('organisation.form.chooseType')}
            required
          />
          <SelectField
            ctx={ctx}
            name="country"
            label={ctx.text('filter.country')}
            hint={ctx.text('organisation.field.countryHint')}
            value={values.country}
            problems={problems}
            choices={countries}
            empty={ctx.text('organisation.international')}
          />
          <Field
            ctx={ctx}
            name="city"
            label={ctx.text('organisation.field.city')}
            value={values.city}
            problems={problems}
            maxlength={100}
          />
          <Field
            ctx={ctx}
            name="website"
            label={ctx.text('organisation.field.website')}
            hint={ctx.text('organisation.field.websiteHint')}
            value={values.website}
            problems={problems}
            maxlength={500}
          />
          <SelectField
            ctx={ctx}
            name="description_locale"
            label={ctx.text('organisation.field.descriptionLocale')}
            hint={ctx.text('organisation.field.descriptionLocaleHint')}
            value={values.description_locale}
            problems={problems}
            choices={languages}
          />
          <TextArea
            ctx={ctx}
            name="description"
            label={ctx.text('organisation.field.description')}
            value={values.description}
            problems={problems}
            maxlength={5000}
            rows={8}
          />
          <button type="submit" class="button">
            {organisation ? t('organisation.form.save') : t('organisation.form.create')}
          </button>
        </PostForm>
        {organisation ? (
          <nav aria-label={ctx.text('organisation.form.otherLanguages')}>
            <p>{t('organisation.form.otherLanguages')}</p>
            <ul class="inline-list">
              {languages.map((l) => (
                <li>
                  <a
                    href={ctx.href(`${path}/edit?lang=${l.value}`)}
                    aria-current={l.value === values.description_locale ? 'true' : undefined}
                    safe
                  >
                    {l.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : (
          ''
        )}
      </div>
    </Layout>
  );
}

export function MembersPage({
  ctx,
  organisation,
  rights,
  members,
  values,
  problems,
  notice,
  selfId,
}: {
  ctx: ViewContext;
  organisation: OrganisationProfile;
  rights: OrganisationRights;
  selfId: number | null;
  members: MemberView[];
  values: Record<string, string>;
  problems: FieldProblem[];
  notice?: string;
}) {
  const { t } = ctx;
  const path = `/organisations/${organisation.slug}`;
  const self = rights.membership;
  const summaryProblems = problems.filter((p) => p.field !== 'members');
  const listProblem = problems.find((p) => p.field === 'members');
  return (
    <Layout
      ctx={ctx}
      title={ctx.text('organisation.members.heading', { name: organisation.name })}
      noindex
    >
      <div class="form-page">
        <p>
          <a href={ctx.href(path)} safe>
            {organisation.name}
          </a>
        </p>
        <h1>{t('organisation.members.heading', { name: organisation.name })}</h1>
        {notice ? (
          <p class="notice notice--success" role="status" safe>
            {notice}
          </p>
        ) : (
          ''
        )}
        {listProblem ? (
          <p class="notice notice--error" role="alert" id="field-members" safe>
            {problemText(ctx, listProblem)}
          </p>
        ) : (
          ''
        )}
        <p>{t('organisation.members.privacy')}</p>
        <table class="data-table">
          <thead>
            <tr>
              <th scope="col">{t('organisation.members.name')}</th>
              <th scope="col">{t('organisation.members.role')}</th>
              <th scope="col">{t('organisation.members.profile')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('organisation.members.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr>
                <td safe>{m.name}</td>
                <td>{t(`organisation.members.role.${m.role}` as MessageKey)}</td>
                <td>
                  {m.listed
                    ? t('organisation.members.listed')
                    : t('organisation.members.notListed')}
                </td>
                <td>
                  <PostForm
                    action={ctx.href(`${path}/members/${m.userId}/remove`)}
                    csrfToken={ctx.csrfToken ?? ''}
                    class="inline-form"
                  >
                    <button type="submit" class="link-button">
                      {m.userId === selfId
                        ? t('organisation.members.leave')
                        : t('organisation.members.remove', { name: m.name })}
                    </button>
                  </PostForm>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {self ? (
          <PostForm action={ctx.href(`${path}/listing`)} csrfToken={ctx.csrfToken ?? ''}>
            <input type="hidden" name="listed" value={self.listed ? 'false' : 'true'} />
            <button type="submit" class="button button--secondary">
              {self.listed ? t('organisation.members.unlistMe') : t('organisation.members.listMe')}
            </button>
          </PostForm>
        ) : (
          ''
        )}
        {rights.mayManageMembers ? (
          <section aria-labelledby="add-member">
            <h2 id="add-member">{t('organisation.members.add')}</h2>
            <ErrorSummary ctx={ctx} problems={summaryProblems} />
            <PostForm action={ctx.href(`${path}/members`)} csrfToken={ctx.csrfToken ?? ''}>
              <Field
                ctx={ctx}
                name="email"
                type="email"
                label={ctx.text('organisation.members.email')}
                hint={ctx.text('organisation.members.emailHint')}
                value={values.email}
                problems={problems}
                autocomplete="off"
                maxlength={254}
              />
              <SelectField
                ctx={ctx}
                name="role"
                label={ctx.text('organisation.members.role')}
                value={values.role ?? 'member'}
                problems={problems}
                choices={[
                  { value: 'member', label: ctx.text('organisation.members.role.member') },
                  { value: 'admin', label: ctx.text('organisation.members.role.admin') },
                ]}
              />
              <button type="submit" class="button">
                {t('organisation.members.addButton')}
              </button>
            </PostForm>
          </section>
        ) : (
          ''
        )}
      </div>
    </Layout>
  );
}

/** An invitation, as its addressee sees it before accepting: who offers what, and one button. */
export function InvitationPage({
  ctx,
  token,
  invitation,
}: {
  ctx: ViewContext;
  token: string;
  invitation: InvitationView;
}) {
  const { t } = ctx;
  const { organisation } = invitation;
  const title = ctx.text('organisation.invitation.title', { organisation: organisation.name });
  return (
    <Layout ctx={ctx} title={title} noindex>
      <div class="form-page">
        <h1 safe>{title}</h1>
        <p>
          {invitation.inviterName
            ? t('organisation.invitation.from', {
                inviter: invitation.inviterName,
                organisation: organisation.name,
                role: invitation.role,
              })
            : t('organisation.invitation.lead', {
                organisation: organisation.name,
                role: invitation.role,
              })}
        </p>
        <p>
          <a href={ctx.href(`/organisations/${organisation.slug}`)}>
            {t('organisation.invitation.profile', { organisation: organisation.name })}
          </a>
        </p>
        <p>{t('organisation.invitation.consent')}</p>
        <p>{t('organisation.invitation.expires', { date: ctx.date(invitation.expiresAt) })}</p>
        <PostForm
          action={ctx.href(`/account/invitations/${encodeURIComponent(token)}`)}
          csrfToken={ctx.csrfToken ?? ''}
        >
          <button type="submit" class="button">
            {t('organisation.invitation.accept')}
          </button>
        </PostForm>
      </div>
    </Layout>
  );
}

/** The editors' form to merge a duplicate into the organisation to keep. */
export function MergePage({
  ctx,
  organisation,
  values,
  problems,
}: {
  ctx: ViewContext;
  organisation: OrganisationProfile;
  values: Record<string, string>;
  problems: FieldProblem[];
}) {
  const { t } = ctx;
  const path = `/organisations/${organisation.slug}`;
  const title = ctx.text('organisation.merge.title', { name: organisation.name });
  return (
    <Layout ctx={ctx} title={title} noindex>
      <div class="form-page">
        <p>
          <a href={ctx.href(path)} safe>
            {organisation.name}
          </a>
        </p>
        <h1 safe>{title}</h1>
        <p>{t('organisation.merge.lead', { name: organisation.name })}</p>
        <ErrorSummary ctx={ctx} problems={problems} />
        <PostForm action={ctx.href(`${path}/merge`)} csrfToken={ctx.csrfToken ?? ''}>
          <Field
            ctx={ctx}
            name="into"
            label={ctx.text('organisation.merge.into')}
            hint={ctx.text('organisation.merge.intoHint')}
            value={values.into}
            problems={problems}
            required
            maxlength={200}
          />
          <button type="submit" class="button">
            {t('organisation.merge.submit')}
          </button>
        </PostForm>
      </div>
    </Layout>
  );
}
