import type { PropsWithChildren } from '@kitajs/html';
import type { FieldProblem } from '../../../core/errors.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import { ErrorSummary, Field, PostForm } from '../../../views/components/Form.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import { EmailField, NameField, NewPasswordField, OrganisationField } from './AccountFields.tsx';
import { CountrySelect } from './CountrySelect.tsx';

export interface FormState {
  values: Record<string, string>;
  problems: FieldProblem[];
}

export const EMPTY_FORM: FormState = { values: {}, problems: [] };

/**
 * The page of one account form: the heading, a lead or a notice, the problems, the fields given
 * as children and the submit button, then what follows (links to the other account pages).
 */
function AccountFormPage({
  ctx,
  title,
  lead,
  notice,
  problems,
  action,
  submit,
  after,
  children,
}: PropsWithChildren<{
  ctx: ViewContext;
  title: string;
  lead?: string;
  notice?: JSX.Element;
  problems: FieldProblem[];
  action: string;
  submit: string;
  after?: JSX.Element;
}>) {
  const intro = notice === undefined ? '' : notice;
  const following = after === undefined ? '' : after;
  return (
    <Layout ctx={ctx} title={title} noindex>
      <div class="form-page">
        <h1 safe>{title}</h1>
        {lead ? (
          <p class="lead" safe>
            {lead}
          </p>
        ) : (
          ''
        )}
        {intro}
        <ErrorSummary ctx={ctx} problems={problems} />
        <PostForm action={action} csrfToken={ctx.csrfToken ?? ''}>
          {children}
          <button type="submit" class="button" safe>
            {submit}
          </button>
        </PostForm>
        {following}
      </div>
    </Layout>
  );
}

export function LoginPage({
  ctx,
  form,
  next,
  notice,
}: {
  ctx: ViewContext;
  form: FormState;
  next: string;
  notice?: JSX.Element;
}) {
  const { t } = ctx;
  return (
    <AccountFormPage
      ctx={ctx}
      title={ctx.text('auth.login.title')}
      notice={notice}
      problems={form.problems}
      action={ctx.href('/account/login')}
      submit={ctx.text('auth.login.submit')}
      after={
        <>
          <p>
            <a href={ctx.href('/account/forgot')}>{t('auth.login.forgot')}</a>
          </p>
          <p>
            {t('auth.login.noAccount')}{' '}
            <a href={ctx.href('/account/register')}>{t('auth.register.title')}</a>
          </p>
        </>
      }
    >
      <input type="hidden" name="next" value={next} />
      <EmailField ctx={ctx} value={form.values.email} problems={form.problems} />
      <Field
        ctx={ctx}
        name="password"
        type="password"
        label={ctx.text('auth.field.password')}
        problems={form.problems}
        required
        autocomplete="current-password"
      />
    </AccountFormPage>
  );
}

export function RegisterPage({
  ctx,
  form,
  countries,
}: {
  ctx: ViewContext;
  form: FormState;
  countries: { code: string; name: string }[];
}) {
  const { t } = ctx;
  return (
    <AccountFormPage
      ctx={ctx}
      title={ctx.text('auth.register.title')}
      lead={ctx.text('auth.register.lead')}
      problems={form.problems}
      action={ctx.href('/account/register')}
      submit={ctx.text('auth.register.submit')}
      after={
        <p>
          {t('auth.register.haveAccount')}{' '}
          <a href={ctx.href('/account/login')}>{t('auth.login.title')}</a>
        </p>
      }
    >
      <NameField ctx={ctx} value={form.values.name} problems={form.problems} />
      <EmailField
        ctx={ctx}
        hint={ctx.text('auth.field.emailHint')}
        value={form.values.email}
        problems={form.problems}
      />
      <OrganisationField ctx={ctx} value={form.values.organisation} problems={form.problems} />
      <CountrySelect
        ctx={ctx}
        countries={countries}
        value={form.values.country}
        problems={form.problems}
      />
      <NewPasswordField ctx={ctx} problems={form.problems} />
    </AccountFormPage>
  );
}

export function ForgotPage({ ctx, form }: { ctx: ViewContext; form: FormState }) {
  return (
    <AccountFormPage
      ctx={ctx}
      title={ctx.text('auth.forgot.title')}
      lead={ctx.text('auth.forgot.lead')}
      problems={form.problems}
      action={ctx.href('/account/forgot')}
      submit={ctx.text('auth.forgot.submit')}
    >
      <EmailField ctx={ctx} value={form.values.email} problems={form.problems} />
    </AccountFormPage>
  );
}

export function ResetPage({
  ctx,
  form,
  token,
}: {
  ctx: ViewContext;
  form: FormState;
  token: string;
}) {
  return (
    <AccountFormPage
      ctx={ctx}
      title={ctx.text('auth.reset.title')}
      problems={form.problems}
      action={ctx.href('/account/reset')}
      submit={ctx.text('auth.reset.submit')}
    >
      <input type="hidden" name="token" value={token} />
      <NewPasswordField ctx={ctx} problems={form.problems} />
    </AccountFormPage>
  );
}

/** A short page that says what happened and what to do next. */
export function MessagePage({
  ctx,
  title,
  body,
  link,
  children,
}: {
  ctx: ViewContext;
  title: string;
  body: string;
  link?: { href: string; label: string };
  children?: JSX.Element;
}) {
  return (
    <Layout ctx={ctx} title={title} noindex>
      <div class="form-page">
        <h1 safe>{title}</h1>
        <p safe>{body}</p>
        {children === undefined ? '' : children}
        {link ? (
          <p>
            <a class="button" href={link.href} safe>
              {link.label}
            </a>
          </p>
        ) : (
          ''
        )}
      </div>
    </Layout>
  );
}

/** For links that failed: send the confirmation email again. */
export function ResendForm({ ctx, email }: { ctx: ViewContext; email?: string }) {
  return (
    <PostForm
      action={ctx.href('/account/verify/resend')}
      csrfToken={ctx.csrfToken ?? ''}
      class="inline-form"
    >
      <EmailField ctx={ctx} value={email} problems={[]} />
      <button type="submit" class="button">
        {ctx.t('auth.verify.resend')}
      </button>
    </PostForm>
  );
}
