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
    <Layout ctx={ctx} title={ctx.text('auth.login.title')} noindex>
      <div class="form-page">
        <h1>{t('auth.login.title')}</h1>
        {notice === undefined ? '' : notice}
        <ErrorSummary ctx={ctx} problems={form.problems} />
        <PostForm action={ctx.href('/account/login')} csrfToken={ctx.csrfToken ?? ''}>
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
          <button type="submit" class="button">
            {t('auth.login.submit')}
          </button>
        </PostForm>
        <p>
          <a href={ctx.href('/account/forgot')}>{t('auth.login.forgot')}</a>
        </p>
        <p>
          {t('auth.login.noAccount')}{' '}
          <a href={ctx.href('/account/register')}>{t('auth.register.title')}</a>
        </p>
      </div>
    </Layout>
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
    <Layout ctx={ctx} title={ctx.text('auth.register.title')} noindex>
      <div class="form-page">
        <h1>{t('auth.register.title')}</h1>
        <p class="lead">{t('auth.register.lead')}</p>
        <ErrorSummary ctx={ctx} problems={form.problems} />
        <PostForm action={ctx.href('/account/register')} csrfToken={ctx.csrfToken ?? ''}>
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
          <button type="submit" class="button">
            {t('auth.register.submit')}
          </button>
        </PostForm>
        <p>
          {t('auth.register.haveAccount')}{' '}
          <a href={ctx.href('/account/login')}>{t('auth.login.title')}</a>
        </p>
      </div>
    </Layout>
  );
}

export function ForgotPage({ ctx, form }: { ctx: ViewContext; form: FormState }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={ctx.text('auth.forgot.title')} noindex>
      <div class="form-page">
        <h1>{t('auth.forgot.title')}</h1>
        <p class="lead">{t('auth.forgot.lead')}</p>
        <ErrorSummary ctx={ctx} problems={form.problems} />
        <PostForm action={ctx.href('/account/forgot')} csrfToken={ctx.csrfToken ?? ''}>
          <EmailField ctx={ctx} value={form.values.email} problems={form.problems} />
          <button type="submit" class="button">
            {t('auth.forgot.submit')}
          </button>
        </PostForm>
      </div>
    </Layout>
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
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={ctx.text('auth.reset.title')} noindex>
      <div class="form-page">
        <h1>{t('auth.reset.title')}</h1>
        <ErrorSummary ctx={ctx} problems={form.problems} />
        <PostForm action={ctx.href('/account/reset')} csrfToken={ctx.csrfToken ?? ''}>
          <input type="hidden" name="token" value={token} />
          <NewPasswordField ctx={ctx} problems={form.problems} />
          <button type="submit" class="button">
            {t('auth.reset.submit')}
          </button>
        </PostForm>
      </div>
    </Layout>
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
