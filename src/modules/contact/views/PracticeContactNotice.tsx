import type { ViewContext } from '../../../core/http/view-context.ts';

/**
 * Said on a practice's page when nobody can receive a message about it, before anyone is asked to
 * sign in or register: what can be used instead (its organisations' websites, its sources).
 */
export function PracticeContactNotice({
  ctx,
  organisations,
  sources,
}: {
  ctx: ViewContext;
  organisations: { slug: string; name: string; website: string | null }[];
  sources: { title: string | null; url: string }[];
}) {
  const { t } = ctx;
  const websites = organisations.filter((o) => o.website !== null);
  return (
    <section
      class="notice no-print"
      aria-labelledby="practice-no-contact"
      id="practice-no-contact-notice"
    >
      <h2 id="practice-no-contact">{t('contact.practiceNotice.title')}</h2>
      <p>{t('contact.practiceNotice.lead')}</p>
      {websites.length > 0 || sources.length > 0 ? (
        <>
          <p>{t('contact.practiceNotice.instead')}</p>
          <ul class="plain-list">
            {websites.map((o) => (
              <li>
                <a href={o.website ?? ''} rel="external noopener" safe>
                  {o.name}
                </a>{' '}
                {t('contact.practiceNotice.website')}
              </li>
            ))}
            {sources.map((s) => {
              const label: string = s.title ?? s.url;
              return (
                <li>
                  <a href={s.url} rel="external noopener" safe>
                    {label}
                  </a>{' '}
                  {t('contact.practiceNotice.source')}
                </li>
              );
            })}
          </ul>
        </>
      ) : (
        ''
      )}
      {organisations.length > 0 ? (
        <p>
          {t('contact.practiceNotice.claim')}{' '}
          {organisations.map((o, i) => (
            <>
              {i > 0 ? ', ' : ''}
              <a href={ctx.href(`/organisations/${o.slug}/claim`)} safe>
                {o.name}
              </a>
            </>
          ))}
        </p>
      ) : (
        ''
      )}
    </section>
  );
}
