import type { ViewContext } from '../../../core/http/view-context.ts';

/** On the account page: the way to one's translations of practices. */
export function TranslationsAccountLink({ ctx }: { ctx: ViewContext }) {
  return (
    <p>
      <a href={ctx.href('/account/translations')}>{ctx.t('translation.own.title')}</a>
    </p>
  );
}
