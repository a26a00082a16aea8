import type { PropsWithChildren } from '@kitajs/html';
import { LOCALES } from '../../core/i18n/locales.ts';
import type { ViewContext } from '../context.ts';

const AUTONYMS = Object.fromEntries(
  LOCALES.map((l) => [l, new Intl.DisplayNames([l], { type: 'language' }).of(l) ?? l]),
) as Record<(typeof LOCALES)[number], string>;

export interface LayoutProps {
  ctx: ViewContext;
  title: string;
  description?: string;
  /** Extra class on <main>, for page-specific layout. */
  mainClass?: string;
  noindex?: boolean;
}

export function Layout({
  ctx,
  title,
  description,
  mainClass,
  noindex,
  children,
}: PropsWithChildren<LayoutProps>) {
  const { t } = ctx;
  const pathOnly = ctx.path.split('?')[0] ?? '/';
  return (
    <>
      {'<!doctype html>'}
      <html lang={ctx.locale} dir={ctx.dir}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{`${title} · ${t('site.name')}`}</title>
          {description ? <meta name="description" content={description} /> : ''}
          {noindex ? <meta name="robots" content="noindex" /> : ''}
          <link rel="stylesheet" href={ctx.assets.css} />
          <link rel="icon" href={ctx.assets.icon} type="image/svg+xml" />
          <link rel="canonical" href={`${ctx.publicUrl}${ctx.href(ctx.path)}`} />
          {LOCALES.map((l) => (
            <link
              rel="alternate"
              hreflang={l}
              href={`${ctx.publicUrl}${ctx.hrefIn(l, ctx.path)}`}
            />
          ))}
          <link rel="alternate" hreflang="x-default" href={`${ctx.publicUrl}${ctx.path}`} />
          <script src={ctx.assets.js} defer></script>
        </head>
        <body>
          <a class="skip-link" href="#main">
            {t('nav.skip')}
          </a>
          <header class="site-header">
            <div class="site-header__inner">
              <a class="site-name" href={ctx.href('/')}>
                {t('site.name')}
              </a>
              <nav class="site-nav" aria-label={ctx.text('nav.main')}>
                <ul>
                  <li>
                    <a
                      href={ctx.href('/practices')}
                      aria-current={pathOnly.startsWith('/practices') ? 'page' : undefined}
                    >
                      {t('nav.practices')}
                    </a>
                  </li>
                  <li>
                    <a
                      href={ctx.href('/themes')}
                      aria-current={pathOnly.startsWith('/themes') ? 'page' : undefined}
                    >
                      {t('nav.themes')}
                    </a>
                  </li>
                  <li>
                    <a
                      href={ctx.href('/regions')}
                      aria-current={pathOnly.startsWith('/regions') ? 'page' : undefined}
                    >
                      {t('nav.regions')}
                    </a>
                  </li>
                  <li>
                    <a
                      href={ctx.href('/about')}
                      aria-current={pathOnly === '/about' ? 'page' : undefined}
                    >
                      {t('nav.about')}
                    </a>
                  </li>
                </ul>
              </nav>
              <div class="account-links">
                {ctx.user ? (
                  <>
                    <a href={ctx.href('/account')} safe>
                      {ctx.user.name}
                    </a>
                    <a href={ctx.href('/submissions')}>{t('nav.submissions')}</a>
                    {ctx.can('reviews.accept') ? (
                      <a href={ctx.href('/review')}>{t('nav.reviews')}</a>
                    ) : (
                      ''
                    )}
                    {ctx.can('submissions.manage') ? (
                      <a href={ctx.href('/editor')}>{t('nav.editor')}</a>
                    ) : (
                      ''
                    )}
                    {ctx.can('users.list') ? (
                      <a href={ctx.href('/admin/users')}>{t('nav.admin')}</a>
                    ) : (
                      ''
                    )}
                    <form method="post" action={ctx.href('/account/logout')} class="inline-form">
                      <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ''} />
                      <button type="submit" class="link-button">
                        {t('nav.signOut')}
                      </button>
                    </form>
                  </>
                ) : (
                  <>
                    <a href={ctx.href('/account/login')}>{t('nav.signIn')}</a>
                    <a href={ctx.href('/account/register')}>{t('nav.register')}</a>
                  </>
                )}
              </div>
              <nav class="language-switcher" aria-label={ctx.text('nav.languages')}>
                <ul>
                  {LOCALES.map((l) => (
                    <li>
                      <a
                        href={ctx.hrefIn(l, ctx.path)}
                        lang={l}
                        hreflang={l}
                        aria-current={l === ctx.locale ? 'true' : undefined}
                        safe
                      >
                        {AUTONYMS[l]}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            </div>
          </header>
          <main id="main" class={mainClass ? `site-main ${mainClass}` : 'site-main'} tabindex="-1">
            {children}
          </main>
          <footer class="site-footer">
            <div class="site-footer__inner">
              <p>{t('footer.licence')}</p>
              <ul>
                <li>
                  <a href={ctx.href('/about')}>{t('nav.about')}</a>
                </li>
                <li>
                  <a href={ctx.href('/evidence')}>{t('nav.evidence')}</a>
                </li>
                <li>
                  <a href={ctx.href('/calls')}>{t('nav.calls')}</a>
                </li>
                <li>
                  <a href="/api/docs">{t('nav.api')}</a>
                </li>
              </ul>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}
