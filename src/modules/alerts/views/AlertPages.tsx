import type { FieldProblem } from '../../../core/errors.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import { ChoiceGroup, ErrorSummary, PostForm } from '../../../views/components/Form.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import type { AlertOverview, Follow } from '../alert.service.ts';
import type { Frequency } from '../alert.table.ts';

function kindLabel(ctx: ViewContext, follow: Follow): JSX.Element {
  switch (follow.kind) {
    case 'practice':
      return ctx.t('alerts.kind.practice');
    case 'organisation':
      return ctx.t('alerts.kind.organisation');
    case 'theme':
      return ctx.t('alerts.kind.theme');
    case 'country':
      return ctx.t('alerts.kind.country');
    case 'search':
      return ctx.t('alerts.kind.search');
  }
}

export function AlertsPage({
  ctx,
  overview,
  frequency,
  problems = [],
  notice,
}: {
  ctx: ViewContext;
  overview: AlertOverview;
  /** As typed, when the form is shown again. */
  frequency?: string;
  problems?: FieldProblem[];
  notice?: string;
}) {
  const { t } = ctx;
  const frequencyLabels: Record<Frequency, string> = {
    daily: ctx.text('alerts.frequency.daily'),
    weekly: ctx.text('alerts.frequency.weekly'),
    off: ctx.text('alerts.frequency.off'),
  };
  return (
    <Layout ctx={ctx} title={ctx.text('alerts.title')} noindex jsonLd={false}>
      <h1>{t('alerts.title')}</h1>
      <p class="lead">{t('alerts.intro')}</p>
      {notice ? (
        <p class="notice notice--success" role="status" safe>
          {notice}
        </p>
      ) : (
        ''
      )}
      <ErrorSummary ctx={ctx} problems={problems} />
      <PostForm action={ctx.href('/account/alerts')} csrfToken={ctx.csrfToken ?? ''}>
        <ChoiceGroup
          ctx={ctx}
          name="frequency"
          label={ctx.text('alerts.frequency.label')}
          values={[frequency ?? overview.frequency]}
          problems={problems}
          multiple={false}
          choices={(Object.keys(frequencyLabels) as Frequency[]).map((value) => ({
            value,
            label: frequencyLabels[value],
          }))}
        />
        <button type="submit" class="button">
          {t('alerts.save')}
        </button>
      </PostForm>
      <h2>{t('alerts.followingTitle')}</h2>
      {overview.follows.length === 0 ? (
        <p>{t('alerts.none')}</p>
      ) : (
        <ul class="follows">
          {overview.follows.map((f) => (
            <li class="follows__item">
              <span class="eyebrow">{kindLabel(ctx, f)}</span>{' '}
              <a href={ctx.href(f.path)} safe>
                {f.label || ctx.text('alerts.allPractices')}
              </a>
              <PostForm
                action={ctx.href('/alerts/unfollow')}
                csrfToken={ctx.csrfToken ?? ''}
                class="follows__remove"
              >
                <input type="hidden" name="kind" value={f.kind} />
                <input type="hidden" name="target" value={f.target} />
                <input type="hidden" name="next" value="/account/alerts" />
                <button type="submit" class="button button--secondary">
                  {t('alerts.unfollow')}
                </button>
              </PostForm>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

/** The page of the emailed link: a button, because mail scanners follow links but do not post. */
export function UnsubscribePage({
  ctx,
  action,
  done,
}: {
  ctx: ViewContext;
  action: string;
  done: boolean;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={ctx.text('alerts.unsubscribe.title')} noindex jsonLd={false}>
      <h1>{t('alerts.unsubscribe.title')}</h1>
      {done ? (
        <>
          <p class="notice notice--success" role="status">
            {t('alerts.unsubscribe.done')}
          </p>
          <p>
            <a href={ctx.href('/account/alerts')}>{t('alerts.title')}</a>
          </p>
        </>
      ) : (
        <form method="post" action={action}>
          <p>{t('alerts.unsubscribe.body')}</p>
          <button type="submit" class="button">
            {t('alerts.unsubscribe.confirm')}
          </button>
        </form>
      )}
    </Layout>
  );
}
