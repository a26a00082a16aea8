import type { FieldProblem } from '../../../core/errors.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import { FactRow } from '../../../views/components/FactRow.tsx';
import { ErrorSummary, PostForm, TextArea } from '../../../views/components/Form.tsx';
import { FormFields } from '../../../views/components/FormFields.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import {
  NOTE_MAX,
  type PendingClaim,
  REASON_MAX,
  ROLE_TITLE_MAX,
} from '../organisation-claim.service.ts';

/**
 * Asking to manage an organisation (the claimant's form and the page its emailed link opens) and
 * the editors' list of claims to decide. None is indexed.
 */

export function ClaimPage({
  ctx,
  organisation,
  domain,
  alreadyAdmin,
  pending,
  values,
  problems,
  notice,
}: {
  ctx: ViewContext;
  organisation: { slug: string; name: string };
  domain: string | null;
  alreadyAdmin: boolean;
  pending: boolean;
  values: Record<string, string>;
  problems: FieldProblem[];
  notice?: string;
}) {
  const { t } = ctx;
  const path = `/organisations/${organisation.slug}`;
  const title = ctx.text('organisation.claim.title', { organisation: organisation.name });
  const emailHint: string = domain
    ? ctx.text('organisation.claim.emailHint', { domain })
    : ctx.text('organisation.claim.emailHintNoSite');
  let body: JSX.Element;
  if (notice !== undefined)
    body = (
      <p class="notice" role="status" safe>
        {notice}
      </p>
    );
  else if (alreadyAdmin) body = <p>{t('organisation.claim.alreadyAdmin')}</p>;
  else if (pending) body = <p>{t('organisation.claim.pending')}</p>;
  else
    body = (
      <>
        <p>{t('organisation.claim.lead')}</p>
        <ErrorSummary ctx={ctx} problems={problems} />
        <PostForm action={ctx.href(`${path}/claim`)} csrfToken={ctx.csrfToken ?? ''}>
          <FormFields
            ctx={ctx}
            problems={problems}
            values={values}
            fields={[
              {
                name: 'role_title',
                label: ctx.text('organisation.claim.roleTitle'),
                required: true,
                maxlength: ROLE_TITLE_MAX,
              },
              {
                name: 'email',
                type: 'email',
                label: ctx.text('organisation.claim.email'),
                hint: emailHint,
                required: true,
                autocomplete: 'email',
              },
              {
                kind: 'area',
                name: 'note',
                label: ctx.text('organisation.claim.note'),
                maxlength: NOTE_MAX,
                rows: 4,
              },
              { name: 'link', label: ctx.text('organisation.claim.linkField') },
            ]}
          />
          <button type="submit" class="button">
            {t('organisation.claim.submit')}
          </button>
        </PostForm>
      </>
    );
  return (
    <Layout ctx={ctx} title={title} noindex>
      <div class="form-page">
        <h1 safe>{title}</h1>
        {body}
        <p>
          <a href={ctx.href(path)}>
            {t('organisation.claim.back', { organisation: organisation.name })}
          </a>
        </p>
      </div>
    </Layout>
  );
}

export function ClaimConfirmedPage({
  ctx,
  organisation,
}: {
  ctx: ViewContext;
  organisation: { slug: string; name: string };
}) {
  const title = ctx.text('organisation.claim.confirmed', { organisation: organisation.name });
  return (
    <Layout ctx={ctx} title={title} noindex>
      <div class="form-page">
        <h1 safe>{title}</h1>
        <p>{ctx.t('organisation.claim.confirmedLead')}</p>
        <p>
          <a href={ctx.href(`/organisations/${organisation.slug}`)}>
            {ctx.t('organisation.claim.back', { organisation: organisation.name })}
          </a>
        </p>
      </div>
    </Layout>
  );
}

export function ClaimsPage({ ctx, claims }: { ctx: ViewContext; claims: PendingClaim[] }) {
  const { t } = ctx;
  const title = ctx.text('editor.claims.title');
  return (
    <Layout ctx={ctx} title={title} noindex>
      <h1>{t('editor.claims.title')}</h1>
      {claims.length === 0 ? <p>{t('editor.claims.none')}</p> : ''}
      {claims.map((c) => (
        <section class="card" aria-labelledby={`claim-${c.id}`}>
          <h2 id={`claim-${c.id}`}>
            <a href={ctx.href(`/organisations/${c.organisation.slug}`)} safe>
              {c.organisation.name}
            </a>
          </h2>
          <dl class="facts__list">
            <FactRow label={t('editor.claims.claimant')} text={c.claimant} />
            <FactRow label={t('organisation.claim.roleTitle')} text={c.roleTitle} />
            <FactRow label={t('organisation.claim.email')}>
              <span safe>{c.email}</span>{' '}
              {c.emailConfirmed
                ? t('editor.claims.emailConfirmed')
                : t('editor.claims.emailUnconfirmed')}
              {c.domainChecked ? '' : <> {t('editor.claims.noWebsite')}</>}
            </FactRow>
            {c.note ? <FactRow label={t('organisation.claim.note')} text={c.note} /> : ''}
            <FactRow label={t('editor.claims.received')} text={ctx.date(c.createdAt)} />
          </dl>
          <PostForm
            action={ctx.href(`/editor/claims/${c.id}/approve`)}
            csrfToken={ctx.csrfToken ?? ''}
            class="inline-form"
          >
            <button type="submit" class="button">
              {t('editor.claims.approve')}
            </button>
          </PostForm>
          <a class="button button--secondary" href={ctx.href(`/editor/claims/${c.id}/refuse`)}>
            {t('editor.claims.refuse')}
          </a>
        </section>
      ))}
    </Layout>
  );
}

export function RefuseClaimPage({
  ctx,
  claim,
  values,
  problems,
}: {
  ctx: ViewContext;
  claim: PendingClaim;
  values: Record<string, string>;
  problems: FieldProblem[];
}) {
  const title = ctx.text('editor.claims.refuseTitle', {
    claimant: claim.claimant,
    organisation: claim.organisation.name,
  });
  return (
    <Layout ctx={ctx} title={title} noindex>
      <div class="form-page">
        <h1 safe>{title}</h1>
        <ErrorSummary ctx={ctx} problems={problems} />
        <PostForm
          action={ctx.href(`/editor/claims/${claim.id}/refuse`)}
          csrfToken={ctx.csrfToken ?? ''}
        >
          <TextArea
            ctx={ctx}
            name="reason"
            label={ctx.text('editor.claims.reason')}
            value={values.reason}
            problems={problems}
            required
            maxlength={REASON_MAX}
            rows={4}
          />
          <button type="submit" class="button">
            {ctx.t('editor.claims.refuse')}
          </button>
        </PostForm>
        <p>
          <a href={ctx.href('/editor/claims')}>{ctx.t('editor.claims.title')}</a>
        </p>
      </div>
    </Layout>
  );
}
