import type { ViewContext } from '../../../core/http/view-context.ts';

/** On the account page, beside the data download: the messages one sent and the preference. */
export function ContactAccountLink({ ctx }: { ctx: ViewContext }) {
  return (
    <p>
      <a href={ctx.href('/account/contact')}>{ctx.t('contact.link.account')}</a>
    </p>
  );
}
