import type { FieldProblem } from '../../../core/errors.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { LOCALES } from '../../../core/i18n/locales.ts';
import {
  type Choice,
  ErrorSummary,
  Field,
  PostForm,
  problemText,
  SelectField,
} from '../../../views/components/Form.tsx';
import { FormFields } from '../../../views/components/FormFields.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import type { OrganisationProfile, OrganisationRights } from '../organisation.service.ts';
import type { InvitationView, MemberView } from '../organisation-member.service.ts';

/**
 * The pages of those who keep an organisation's profile: the form that creates or edits it, its
 * members, and the invitation that makes someone one. None is indexed: the form and the members
 * are reached from the profile (OrganisationPages.tsx), the invitation from its email.
 */

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
  // A creation refused because the name is taken: the organisation that has it, to claim.
  const taken = organisation
    ? undefined
    : problems.find((p) => p.key === 'organisation.error.duplicate');
  const existing =
    typeof taken?.values?.slug === 'string' && typeof taken.values.name === 'string'
      ? { slug: taken.values.slug, name: taken.values.name }
      : undefined;
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
        {existing ? (
          <div class="notice" id="existing-organisation">
            <p>{t('organisation.claim.exists', { name: existing.name })}</p>
            <p>
              <a href={ctx.href(`/organisations/${existing.slug}`)} safe>
                {existing.name}
              </a>
              {' · '}
              <a href={ctx.href(`/organisations/${existing.slug}/claim`)}>
                {t('organisation.claim.link')}
              </a>
            </p>
          </div>
        ) : (
          ''
        )}
        <PostForm action={ctx.href(path)} csrfToken={ctx.csrfToken ?? ''} warnUnsaved>
          <FormFields
            ctx={ctx}
            problems={problems}
            values={values}
            fields={[
              {
                name: 'name',
                label: ctx.text('organisation.field.name'),
                required: true,
                maxlength: 200,
              },
              {
                kind: 'select',
                name: 'type',
                label: ctx.text('organisation.field.type'),
                choices: types,
                empty: ctx.text('organisation.form.chooseType'),
                required: true,
              },
              {
                kind: 'select',
                name: 'country',
                label: ctx.text('filter.country'),
                hint: ctx.text('organisation.field.countryHint'),
                choices: countries,
                empty: ctx.text('organisation.international'),
              },
              { name: 'city', label: ctx.text('organisation.field.city'), maxlength: 100 },
              {
                name: 'website',
                label: ctx.text('organisation.field.website'),
                hint: ctx.text('organisation.field.websiteHint'),
                maxlength: 500,
              },
              {
                kind: 'select',
                name: 'description_locale',
                label: ctx.text('organisation.field.descriptionLocale'),
                hint: ctx.text('organisation.field.descriptionLocaleHint'),
                choices: languages,
              },
              {
                kind: 'area',
                name: 'description',
                label: ctx.text('organisation.field.description'),
                maxlength: 5000,
                rows: 8,
              },
            ]}
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
