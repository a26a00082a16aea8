import type { ViewContext } from '../../../core/http/view-context.ts';
import { Layout } from '../../../views/layout/Layout.tsx';

/**
 * Said on a practice's page when nobody can receive a message about it, before anyone is asked to
 * sign in or register: what can be used instead (its organisations' websites, its sources).
 */
/** What the notice shows of a practice: its organisations (their websites) and its sources. */
export function noticeOf(practice: {
  organisations: { slug: string; name: string; website: string | null }[];
  sources: { title: string | null; url: string }[];
}): Pick<PracticeContactNoticeProps, 'organisations' | 'sources'> {
  return {
    organisations: practice.organisations.map((o) => ({
      slug: o.slug,
      name: o.name,
      website: o.website,
    })),
    sources: practice.sources,
  };
}

export interface PracticeContactNoticeProps {
  ctx: ViewContext;
  organisations: { slug: string; name: string; website: string | null }[];
  sources: { title: string | null; url: string }[];
  /** The notice is the page's main content (its title a heading of level 1). */
  standalone?: boolean;
}

export function PracticeContactNotice({
  ctx,
  organisations,
  sources,
  standalone = false,
}: PracticeContactNoticeProps) {
  const { t } = ctx;
  const websites = organisations.filter((o) => o.website !== null);
  const Heading = standalone ? 'h1' : 'h2';
  return (
    <section
      class="notice no-print"
      aria-labelledby="practice-no-contact"
      id="practice-no-contact-notice"
    >
      <Heading id="practice-no-contact">{t('contact.practiceNotice.title')}</Heading>
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

/**
 * The contact page of a practice nobody can receive messages about, as a visitor who is not
 * signed in sees it: told so, and what to use instead, rather than asked to sign in or register.
 */
export function PracticeNoContactPage({
  ctx,
  practice,
  ...notice
}: Omit<PracticeContactNoticeProps, 'standalone'> & {
  practice: { slug: string; title: string; language: string };
}) {
  return (
    <Layout ctx={ctx} title={ctx.text('contact.practiceNotice.title')} noindex>
      <div class="form-page">
        <p>
          <a href={ctx.href(`/practices/${practice.slug}`)} lang={practice.language} safe>
            {practice.title}
          </a>
        </p>
        <PracticeContactNotice ctx={ctx} {...notice} standalone />
      </div>
    </Layout>
  );
}
