import type { FieldProblem } from '../../../core/errors.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import { FactRow } from '../../../views/components/FactRow.tsx';
import {
  ChoiceGroup,
  ErrorSummary,
  fieldId,
  PostForm,
  problemText,
} from '../../../views/components/Form.tsx';
import { FormFields } from '../../../views/components/FormFields.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import {
  type ContactPageView,
  type ContactState,
  MESSAGE_MAX,
  type RecipientKind,
  SUBJECT_MAX,
} from '../contact.service.ts';
import type { ReportedMessage, ReportView } from '../contact-report.service.ts';

function titleOf(ctx: ViewContext, kind: RecipientKind, name: string): string {
  switch (kind) {
    case 'person':
      return ctx.text('contact.title.person', { name });
    case 'organisation':
      return ctx.text('contact.title.organisation', { name });
    case 'practice':
      return ctx.text('contact.title.practice', { name });
  }
}

/** Why there is no form, in place of it. */
function Refusal({ ctx, view }: { ctx: ViewContext; view: ContactPageView }) {
  const { t } = ctx;
  const state = view.state as Exclude<ContactState, 'open'>;
  const text = {
    off: t('contact.state.off'),
    nobody:
      view.target.kind === 'practice'
        ? t('contact.state.nobodyPractice')
        : t('contact.state.nobodyOrganisation'),
    self: t('contact.state.self'),
    banned: t('contact.state.banned'),
    unconfirmed: t('contact.state.unconfirmed'),
  }[state];
  return (
    <>
      <p class={state === 'banned' ? 'notice notice--error' : 'notice'} role="status">
        {text}
      </p>
      {state === 'nobody' && view.organisations.length > 0 ? (
        <section aria-labelledby="contact-organisations">
          <h2 id="contact-organisations">{t('contact.organisations')}</h2>
          <ul class="plain-list">
            {view.organisations.map((o) => (
              <li>
                <a href={ctx.href(`/organisations/${o.slug}`)} safe>
                  {o.name}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
    </>
  );
}

/** The contact form of a person, an organisation or a practice, or why there is none. */
export function ContactPage({
  ctx,
  view,
  values,
  problems,
}: {
  ctx: ViewContext;
  view: ContactPageView;
  values: Record<string, string>;
  problems: FieldProblem[];
}) {
  const { t } = ctx;
  const { target } = view;
  const sendProblem = problems.find((p) => p.field === 'send');
  return (
    <Layout ctx={ctx} title={titleOf(ctx, target.kind, target.name)} noindex>
      <div class="form-page">
        <h1 safe>{titleOf(ctx, target.kind, target.name)}</h1>
        <p>
          <a href={ctx.href(target.path)} safe>
            {target.name}
          </a>
        </p>
        {view.state === 'open' ? (
          <>
            <p class="lead">{t('contact.lead')}</p>
            <ErrorSummary ctx={ctx} problems={problems} />
            <PostForm
              action={ctx.href(target.contactPath)}
              csrfToken={ctx.csrfToken ?? ''}
              warnUnsaved
            >
              <FormFields
                ctx={ctx}
                problems={problems}
                values={values}
                fields={[
                  {
                    name: 'subject',
                    label: ctx.text('contact.field.subject'),
                    required: true,
                    maxlength: SUBJECT_MAX,
                  },
                  {
                    kind: 'area',
                    name: 'message',
                    label: ctx.text('contact.field.message'),
                    hint: ctx.text('contact.field.messageHint', { max: MESSAGE_MAX }),
                    required: true,
                    maxlength: MESSAGE_MAX,
                    rows: 10,
                  },
                ]}
              />
              {/* Hidden from people and their screen readers; robots fill it in. */}
              <div class="visually-hidden" aria-hidden="true">
                <label for="contact-website">{t('contact.field.honeypot')}</label>
                <input
                  id="contact-website"
                  name="website"
                  type="text"
                  value=""
                  autocomplete="off"
                  tabindex="-1"
                />
              </div>
              <p class="field__hint">{t('contact.privacy')}</p>
              {sendProblem ? (
                <p class="field__error" safe>
                  {problemText(ctx, sendProblem)}
                </p>
              ) : (
                ''
              )}
              <button type="submit" class="button" id={fieldId('send')}>
                {t('contact.send')}
              </button>
            </PostForm>
          </>
        ) : (
          <Refusal ctx={ctx} view={view} />
        )}
        {view.settings ? (
          <section aria-labelledby="contact-settings" class="panel">
            <h2 id="contact-settings">{t('contact.settings.title')}</h2>
            <PostForm
              action={ctx.href(`${target.contactPath}/settings`)}
              csrfToken={ctx.csrfToken ?? ''}
            >
              <ChoiceGroup
                ctx={ctx}
                name="accepts"
                label={ctx.text('contact.settings.organisation')}
                values={[view.settings.accepts ? 'yes' : 'no']}
                problems={[]}
                multiple={false}
                choices={[
                  { value: 'yes', label: ctx.text('contact.choice.yes') },
                  { value: 'no', label: ctx.text('contact.choice.no') },
                ]}
              />
              <button type="submit" class="button button--secondary">
                {t('contact.settings.save')}
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

export function ContactSentPage({ ctx }: { ctx: ViewContext }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={ctx.text('contact.sent.title')} noindex>
      <div class="form-page">
        <h1>{t('contact.sent.title')}</h1>
        <p class="notice notice--success" role="status">
          {t('contact.sent.body')}
        </p>
        <p>
          <a href={ctx.href('/')}>{t('contact.sent.home')}</a>
        </p>
      </div>
    </Layout>
  );
}

/** A person's own switch for messages through the site. */
export function ContactPreferencePage({
  ctx,
  accepts,
  problems,
  saved,
}: {
  ctx: ViewContext;
  accepts: boolean;
  problems: FieldProblem[];
  saved: boolean;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={ctx.text('contact.preference.title')} noindex>
      <div class="form-page">
        <h1>{t('contact.preference.title')}</h1>
        {saved ? (
          <p class="notice notice--success" role="status">
            {t('contact.preference.saved')}
          </p>
        ) : (
          ''
        )}
        <p class="lead">{t('contact.preference.lead')}</p>
        <ErrorSummary ctx={ctx} problems={problems} />
        <PostForm action={ctx.href('/account/contact')} csrfToken={ctx.csrfToken ?? ''}>
          <ChoiceGroup
            ctx={ctx}
            name="accepts"
            label={ctx.text('contact.preference.question')}
            values={[accepts ? 'yes' : 'no']}
            problems={problems}
            multiple={false}
            choices={[
              { value: 'yes', label: ctx.text('contact.choice.yes') },
              { value: 'no', label: ctx.text('contact.choice.no') },
            ]}
          />
          <button type="submit" class="button">
            {t('contact.settings.save')}
          </button>
        </PostForm>
        <p>
          <a href={ctx.href('/account')}>{t('contact.preference.back')}</a>
        </p>
      </div>
    </Layout>
  );
}

/** Reached from the link in a relayed email; no sign-in needed. */
export function ReportPage({
  ctx,
  token,
  report,
}: {
  ctx: ViewContext;
  token: string;
  report: ReportView;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={ctx.text('contact.report.title')} noindex>
      <div class="form-page">
        <h1>{t('contact.report.title')}</h1>
        <p>
          {t('contact.report.about', { subject: report.subject, date: ctx.date(report.sentAt) })}
        </p>
        {report.reportedAt ? (
          <p class="notice notice--success" role="status">
            {t('contact.report.done')}
          </p>
        ) : (
          <>
            <p>{t('contact.report.lead')}</p>
            <PostForm
              action={ctx.href(`/contact/report/${encodeURIComponent(token)}`)}
              csrfToken={ctx.csrfToken ?? ''}
            >
              <button type="submit" class="button">
                {t('contact.report.confirm')}
              </button>
            </PostForm>
          </>
        )}
      </div>
    </Layout>
  );
}

function kindLabel(ctx: ViewContext, kind: RecipientKind) {
  switch (kind) {
    case 'person':
      return ctx.t('contact.kind.person');
    case 'organisation':
      return ctx.t('contact.kind.organisation');
    case 'practice':
      return ctx.t('contact.kind.practice');
  }
}

/** The editors' list of reported messages, with the sender's ban. */
export function ContactReportsPage({
  ctx,
  reports,
}: {
  ctx: ViewContext;
  reports: ReportedMessage[];
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={ctx.text('contact.reports.title')} noindex>
      <h1>{t('contact.reports.title')}</h1>
      <p class="lead">{t('contact.reports.lead')}</p>
      {reports.length === 0 ? <p>{t('contact.reports.none')}</p> : ''}
      {reports.map((r) => (
        <article class="panel contact-report" aria-labelledby={`report-${r.id}`}>
          <h2 id={`report-${r.id}`} safe>
            {r.subject}
          </h2>
          <dl class="facts__list">
            <FactRow label={t('contact.reports.from')}>
              <span safe>{r.senderName}</span>
              {r.senderBanned ? (
                <strong class="contact-report__banned"> {t('contact.reports.banned')}</strong>
              ) : (
                ''
              )}
            </FactRow>
            <FactRow label={t('contact.reports.to')}>
              {kindLabel(ctx, r.recipientKind)}
              {': '}
              <span safe>{r.recipientLabel}</span>
            </FactRow>
            <FactRow label={t('contact.reports.when')}>
              {t('contact.reports.dates', {
                sent: ctx.date(r.sentAt),
                reported: ctx.date(r.reportedAt),
              })}
            </FactRow>
          </dl>
          <p class="contact-report__body" safe>
            {r.body}
          </p>
          <PostForm
            action={ctx.href(`/editor/contact-reports/${r.id}/${r.senderBanned ? 'unban' : 'ban'}`)}
            csrfToken={ctx.csrfToken ?? ''}
          >
            <button type="submit" class="button button--secondary">
              {r.senderBanned ? t('contact.reports.unban') : t('contact.reports.ban')}
            </button>
          </PostForm>
        </article>
      ))}
    </Layout>
  );
}
