import type { ViewContext } from '../../../core/http/view-context.ts';

/** On the account page, beside the data download: what one follows. */
export function AlertsAccountLink({ ctx }: { ctx: ViewContext }) {
  return (
    <p>
      <a href={ctx.href('/account/alerts')}>{ctx.t('alerts.title')}</a>
    </p>
  );
}
