import type { FieldProblem } from '../../../core/errors.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { ErrorSummary, Field, PostForm } from '../../../views/components/Form.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import type { OrganisationProfile } from '../organisation.service.ts';
import type { ChangedField, PendingChangeView } from '../organisation-change.service.ts';

/**
 * What editors look after in the directory: the changes members proposed to organisations that
 * practices name, and the merge of a duplicate. A held change is also shown on the profile
 * (OrganisationPages.tsx), to its members and editors, with the same panel.
 */

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
export function PendingChange({
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
