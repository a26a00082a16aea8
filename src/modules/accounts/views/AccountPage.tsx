import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { LOCALES } from '../../../core/i18n/locales.ts';
import { ErrorSummary, Field, PostForm } from '../../../views/components/Form.tsx';
import { ScrollTable } from '../../../views/components/ScrollTable.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import type { AccountPagePanels } from '../account.ports.ts';
import type { Profile } from '../profile.service.ts';
import {
  CurrentPasswordField,
  EmailField,
  NameField,
  NewPasswordField,
  OrganisationField,
} from './AccountFields.tsx';
import type { FormState } from './AuthPages.tsx';
import { CountrySelect } from './CountrySelect.tsx';

export interface ApiTokenListing {
  id: number;
  name: string;
  scopes: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AccountPageProps {
  ctx: ViewContext;
  profile: Profile;
  countries: { code: string; name: string }[];
  tokens: ApiTokenListing[];
  panels: AccountPagePanels;
  /** Which form the problems and values belong to. */
  form?: { section: 'profile' | 'email' | 'password' | 'tokens'; state: FormState };
  /** A short confirmation after a change. */
  notice?: string;
  /** A new API token, shown this once. */
  newToken?: string;
}

const AUTONYMS = Object.fromEntries(
  LOCALES.map((l) => [l, new Intl.DisplayNames([l], { type: 'language' }).of(l) ?? l]),
);

export function AccountPage({
  ctx,
  profile,
  countries,
  tokens,
  panels,
  form,
  notice,
  newToken,
}: AccountPageProps) {
  const { t } = ctx;
  const state = (section: NonNullable<AccountPageProps['form']>['section']) =>
    form?.section === section ? form.state : { values: {}, problems: [] };
  const profileForm = state('profile');
  const value = (name: keyof Profile) =>
    profileForm.values[name] ?? (profile[name] as string | null) ?? '';
  return (
    <Layout ctx={ctx} title={ctx.text('account.title')} noindex>
      <div class="form-page account">
        <h1>{t('account.title')}</h1>
        {notice ? (
          <p class="notice notice--success" role="status" safe>
            {notice}
          </p>
        ) : (
          ''
        )}
        <p class="muted">
          {t('account.role', { role: ctx.text(`role.user.${profile.role}` as MessageKey) })}
          {' · '}
          {t('account.since', { date: ctx.date(profile.createdAt) })}
        </p>

        <section aria-labelledby="profile-heading">
          <h2 id="profile-heading">{t('account.profile')}</h2>
          <ErrorSummary ctx={ctx} problems={profileForm.problems} />
          <PostForm action={ctx.href('/account/profile')} csrfToken={ctx.csrfToken ?? ''}>
            <NameField ctx={ctx} value={value('name')} problems={profileForm.problems} />
            <OrganisationField
              ctx={ctx}
              value={value('organisation')}
              problems={profileForm.problems}
            />
            <CountrySelect
              ctx={ctx}
              countries={countries}
              value={profileForm.values.country ?? profile.country}
              problems={profileForm.problems}
            />
            <div class="field">
              <label for="field-locale">{t('account.locale')}</label>
              <select id="field-locale" name="locale">
                {LOCALES.map((l) => (
                  <option
                    value={l}
                    selected={l === (profileForm.values.locale ?? profile.locale)}
                    lang={l}
                    safe
                  >
                    {AUTONYMS[l] ?? l}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" class="button">
              {t('account.save')}
            </button>
          </PostForm>
        </section>

        {panels.sections.map((Panel) => (
          <Panel ctx={ctx} />
        ))}

        <section aria-labelledby="email-heading">
          <h2 id="email-heading">{t('account.email')}</h2>
          <p>
            {t('account.email.current')} <strong safe>{profile.email}</strong>
          </p>
          <ErrorSummary ctx={ctx} problems={state('email').problems} />
          <PostForm action={ctx.href('/account/email')} csrfToken={ctx.csrfToken ?? ''}>
            <EmailField
              ctx={ctx}
              label={ctx.text('account.email.new')}
              hint={ctx.text('account.email.hint')}
              value={state('email').values.email}
              problems={state('email').problems}
            />
            <CurrentPasswordField ctx={ctx} problems={state('email').problems} />
            <button type="submit" class="button">
              {t('account.email.submit')}
            </button>
          </PostForm>
        </section>

        <section aria-labelledby="password-heading">
          <h2 id="password-heading">{t('account.password')}</h2>
          <ErrorSummary ctx={ctx} problems={state('password').problems} />
          <PostForm action={ctx.href('/account/password')} csrfToken={ctx.csrfToken ?? ''}>
            <CurrentPasswordField ctx={ctx} problems={state('password').problems} />
            <NewPasswordField ctx={ctx} problems={state('password').problems} />
            <button type="submit" class="button">
              {t('account.password.submit')}
            </button>
          </PostForm>
        </section>

        <section aria-labelledby="sessions-heading">
          <h2 id="sessions-heading">{t('account.sessions')}</h2>
          <p>{t('account.sessions.lead')}</p>
          <PostForm action={ctx.href('/account/sessions/end')} csrfToken={ctx.csrfToken ?? ''}>
            <button type="submit" class="button button--secondary">
              {t('account.sessions.end')}
            </button>
          </PostForm>
        </section>

        <section aria-labelledby="tokens-heading">
          <h2 id="tokens-heading">{t('account.tokens')}</h2>
          <p>{t('account.tokens.lead')}</p>
          {newToken ? (
            <div class="notice notice--success" role="status">
              <p>{t('account.tokens.created')}</p>
              <p>
                <code class="token" safe>
                  {newToken}
                </code>
              </p>
            </div>
          ) : (
            ''
          )}
          {tokens.length > 0 ? (
            <ScrollTable label={ctx.text('account.tokens')}>
              <table class="data-table">
                <caption class="visually-hidden">{t('account.tokens')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('account.tokens.name')}</th>
                    <th scope="col">{t('account.tokens.scopes')}</th>
                    <th scope="col">{t('account.tokens.lastUsed')}</th>
                    <th scope="col">
                      <span class="visually-hidden">{t('account.tokens.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {tokens.map((token) => (
                    <tr>
                      <td safe>{token.name}</td>
                      <td safe>{token.scopes.replace(',', ', ')}</td>
                      <td>
                        {token.last_used_at
                          ? ctx.date(token.last_used_at)
                          : t('account.tokens.never')}
                      </td>
                      <td>
                        {token.revoked_at ? (
                          t('account.tokens.revoked')
                        ) : (
                          <PostForm
                            action={ctx.href(`/account/tokens/${token.id}/revoke`)}
                            csrfToken={ctx.csrfToken ?? ''}
                          >
                            <button
                              type="submit"
                              class="button button--secondary"
                              aria-label={ctx.text('account.tokens.revokeNamed', {
                                name: token.name,
                              })}
                            >
                              {t('account.tokens.revoke')}
                            </button>
                          </PostForm>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollTable>
          ) : (
            ''
          )}
          <ErrorSummary ctx={ctx} problems={state('tokens').problems} />
          <PostForm action={ctx.href('/account/tokens')} csrfToken={ctx.csrfToken ?? ''}>
            <Field
              ctx={ctx}
              name="name"
              label={ctx.text('account.tokens.name')}
              value={state('tokens').values.name}
              problems={state('tokens').problems}
              required
              maxlength={100}
            />
            <fieldset class="field">
              <legend>{t('account.tokens.scopes')}</legend>
              <label class="choice">
                <input type="radio" name="scopes" value="read" checked /> {t('account.tokens.read')}
              </label>
              <label class="choice">
                <input type="radio" name="scopes" value="write" /> {t('account.tokens.write')}
              </label>
            </fieldset>
            <button type="submit" class="button">
              {t('account.tokens.create')}
            </button>
          </PostForm>
        </section>

        <section aria-labelledby="data-heading">
          <h2 id="data-heading">{t('account.data')}</h2>
          <p>{t('account.data.lead')}</p>
          <p>
            <a href={ctx.href('/account/data')} download="clearinghouse-account.json">
              {t('account.data.download')}
            </a>
          </p>
          {panels.dataLinks.map((Panel) => (
            <Panel ctx={ctx} />
          ))}
          <p>
            <a href={ctx.href('/account/delete')}>{t('account.delete')}</a>
          </p>
        </section>
      </div>
    </Layout>
  );
}

export function DeleteAccountPage({ ctx, form }: { ctx: ViewContext; form: FormState }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={ctx.text('account.delete')} noindex>
      <div class="form-page">
        <h1>{t('account.delete')}</h1>
        <ErrorSummary ctx={ctx} problems={form.problems} />
        <p>{t('account.delete.lead')}</p>
        <section class="notice" aria-labelledby="delete-download">
          <h2 id="delete-download">{t('account.delete.downloadFirst')}</h2>
          <p>{t('account.delete.downloadFirst.body')}</p>
          <p>
            <a
              class="button button--secondary"
              href={ctx.href('/account/data')}
              download="clearinghouse-account.json"
            >
              {t('account.data.download')}
            </a>
          </p>
        </section>
        <section aria-labelledby="delete-removed">
          <h2 id="delete-removed">{t('account.delete.removed')}</h2>
          <ul>
            <li>{t('account.delete.removed.account')}</li>
            <li>{t('account.delete.removed.profile')}</li>
            <li>{t('account.delete.removed.comments')}</li>
            <li>{t('account.delete.removed.messages')}</li>
            <li>{t('account.delete.removed.following')}</li>
            <li>{t('account.delete.removed.translations')}</li>
            <li>{t('account.delete.removed.contact')}</li>
          </ul>
        </section>
        <section aria-labelledby="delete-kept">
          <h2 id="delete-kept">{t('account.delete.kept')}</h2>
          <ul>
            <li>{t('account.delete.kept.reviews')}</li>
            <li>{t('account.delete.kept.submissions')}</li>
            <li>{t('account.delete.kept.published')}</li>
            <li>{t('account.delete.kept.received')}</li>
            <li>{t('account.delete.kept.log')}</li>
          </ul>
        </section>
        <PostForm action={ctx.href('/account/delete')} csrfToken={ctx.csrfToken ?? ''}>
          <CurrentPasswordField ctx={ctx} problems={form.problems} />
          <button type="submit" class="button button--danger">
            {t('account.delete.submit')}
          </button>
        </PostForm>
        <p>
          <a href={ctx.href('/account')}>{t('account.delete.cancel')}</a>
        </p>
      </div>
    </Layout>
  );
}
