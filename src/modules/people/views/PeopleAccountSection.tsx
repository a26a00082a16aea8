import type { ViewContext } from '../../../core/http/view-context.ts';

/** On the account page: where to write one's profile in the directory of people. */
export function PeopleAccountSection({ ctx }: { ctx: ViewContext }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="people-profile-heading">
      <h2 id="people-profile-heading">{t('people.form.title')}</h2>
      <p>{t('people.account.lead')}</p>
      <p>
        <a href={ctx.href('/account/people-profile')}>{t('people.account.link')}</a>
      </p>
    </section>
  );
}
