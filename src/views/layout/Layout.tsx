import { escapeHtml, type PropsWithChildren } from '@kitajs/html';
import type { ViewContext } from '../../core/http/view-context.ts';
import type { MessageKey } from '../../core/i18n/i18n.ts';
import { LOCALES, type Locale } from '../../core/i18n/locales.ts';
import { JsonLd, type JsonLdData } from '../components/JsonLd.tsx';
import { defaultStructuredData } from './structured-data.ts';

const AUTONYMS = Object.fromEntries(
  LOCALES.map((l) => [l, new Intl.DisplayNames([l], { type: 'language' }).of(l) ?? l]),
) as Record<(typeof LOCALES)[number], string>;

/** Open Graph wants language_TERRITORY: the territories its consumers know for each language. */
const OG_LOCALES: Record<Locale, string> = {
  en: 'en_GB',
  ar: 'ar_AR',
  es: 'es_ES',
  fr: 'fr_FR',
  ru: 'ru_RU',
  zh: 'zh_CN',
};

/**
 * An attribute value escaped in full. The renderer escapes only `"` in attribute values, so an
 * `&` would be read as the start of a character reference ("&lt;" in a title would show as "<")
 * and text such as `<script>` would stand in the page source as it is. Escaped here, the value
 * reads back exactly as written (the renderer finds no `"` left to escape).
 */
function attr(value: string): string {
  return escapeHtml(value);
}

/** The sections a visitor looks for first, in the header's navigation (and the phone's menu). */
const MAIN_NAV: { path: string; key: MessageKey }[] = [
  { path: '/practices', key: 'nav.practices' },
  { path: '/recommendations', key: 'nav.recommendations' },
  { path: '/resources', key: 'nav.resources' },
  { path: '/events', key: 'nav.events' },
  { path: '/organisations', key: 'nav.organisations' },
  { path: '/themes', key: 'nav.themes' },
  { path: '/regions', key: 'nav.regions' },
];

/** Looked for in the header too, though less often: shown after the main sections, set apart. */
const MORE_NAV: { path: string; key: MessageKey }[] = [
  { path: '/cities/like-mine', key: 'nav.citiesLikeMine' },
  { path: '/experts', key: 'nav.experts' },
  { path: '/exports', key: 'nav.openData' },
  { path: '/press', key: 'nav.press' },
  { path: '/about', key: 'nav.about' },
];

const FOOTER_NAV: { path: string; key: MessageKey }[] = [
  { path: '/about', key: 'nav.about' },
  { path: '/press', key: 'nav.press' },
  { path: '/experts', key: 'nav.experts' },
  { path: '/cities/like-mine', key: 'nav.citiesLikeMine' },
  { path: '/self-assessment/method', key: 'assessment.method.link' },
  { path: '/coverage', key: 'nav.coverage' },
  { path: '/evidence', key: 'nav.evidence' },
  { path: '/calls', key: 'nav.calls' },
  { path: '/shortlist', key: 'nav.shortlist' },
  { path: '/exports', key: 'nav.exports' },
];

/**
 * The mark: two paths that meet and overlap. Drawn inline (no request), in the header's colours;
 * the favicon (public/images/favicon.svg) is the same drawing on a navy tile.
 */
export function BrandMark() {
  return (
    <svg
      class="brand__mark"
      viewBox="0 0 32 32"
      width="32"
      height="32"
      aria-hidden="true"
      focusable="false"
    >
      <circle cx="12" cy="16" r="8" fill="none" stroke="currentColor" stroke-width="3" />
      <circle
        cx="20"
        cy="16"
        r="8"
        fill="none"
        stroke="var(--accent-on-deep, #f5b455)"
        stroke-width="3"
      />
    </svg>
  );
}

function MenuIcon() {
  return (
    <svg class="site-menu__icon" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true">
      <path d="M3 5h14M3 10h14M3 15h14" stroke="currentColor" stroke-width="2" fill="none" />
    </svg>
  );
}

export interface LayoutProps {
  ctx: ViewContext;
  title: string;
  description?: string;
  /** Extra class on <main>, for page-specific layout. */
  mainClass?: string;
  noindex?: boolean;
  /** The page's own address (path without locale prefix), when it is not the requested one. */
  canonicalPath?: string;
  /** Open Graph type: `website` unless the page says otherwise (a practice is an `article`). */
  ogType?: 'website' | 'article';
  /**
   * schema.org structured data for the page. Without it, the home page describes the site and
   * theme, region and country pages are collections (see structured-data.ts); `false` for none.
   */
  jsonLd?: JsonLdData | false;
  /**
   * The search whose new practices this page lists, as a query string ('?theme=housing'): the
   * head then links its Atom and RSS feeds, so readers and browsers can subscribe to the page.
   */
  feedQuery?: string;
}

export function Layout({
  ctx,
  title,
  description,
  mainClass,
  noindex,
  canonicalPath,
  ogType = 'website',
  jsonLd,
  feedQuery,
  children,
}: PropsWithChildren<LayoutProps>) {
  const { t } = ctx;
  const pathOnly = ctx.path.split('?')[0] ?? '/';
  const canonical = `${ctx.publicUrl}${ctx.href(canonicalPath ?? ctx.path)}`;
  const siteName = ctx.text('site.name');
  const summary = description ?? ctx.text('home.intro');
  // Pages kept out of search engines (errors, forms) get no default description.
  const structured =
    jsonLd === false
      ? undefined
      : (jsonLd ??
        (noindex ? undefined : defaultStructuredData(ctx, { title, description, url: canonical })));
  return (
    <>
      {'<!doctype html>'}
      <html lang={ctx.locale} dir={ctx.dir}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{`${title} · ${siteName}`}</title>
          {description ? <meta name="description" content={attr(description)} /> : ''}
          {noindex ? <meta name="robots" content="noindex" /> : ''}
          <link rel="stylesheet" href={ctx.assets.css} />
          <link rel="icon" href={ctx.assets.icon} type="image/svg+xml" />
          <link rel="canonical" href={canonical} />
          {LOCALES.map((l) => (
            <link
              rel="alternate"
              hreflang={l}
              href={`${ctx.publicUrl}${ctx.hrefIn(l, ctx.path)}`}
            />
          ))}
          <link rel="alternate" hreflang="x-default" href={`${ctx.publicUrl}${ctx.path}`} />
          <meta property="og:type" content={ogType} />
          <meta property="og:site_name" content={attr(siteName)} />
          <meta property="og:title" content={attr(title)} />
          <meta property="og:description" content={attr(summary)} />
          <meta property="og:url" content={attr(canonical)} />
          <meta property="og:locale" content={OG_LOCALES[ctx.locale]} />
          {LOCALES.filter((l) => l !== ctx.locale).map((l) => (
            <meta property="og:locale:alternate" content={OG_LOCALES[l]} />
          ))}
          <meta name="twitter:card" content="summary" />
          <meta name="twitter:title" content={attr(title)} />
          <meta name="twitter:description" content={attr(summary)} />
          {feedQuery !== undefined ? (
            <>
              <link
                rel="alternate"
                type="application/atom+xml"
                title={attr(`${title} (Atom)`)}
                href={ctx.href(`/feeds/practices.atom${feedQuery}`)}
              />
              <link
                rel="alternate"
                type="application/rss+xml"
                title={attr(`${title} (RSS)`)}
                href={ctx.href(`/feeds/practices.rss${feedQuery}`)}
              />
            </>
          ) : (
            ''
          )}
          {structured ? <JsonLd data={structured} /> : ''}
          <script src={ctx.assets.js} defer></script>
        </head>
        <body>
          <a class="skip-link" href="#main">
            {t('nav.skip')}
          </a>
          <header class="site-header">
            <div class="site-header__inner">
              <a class="brand" href={ctx.href('/')}>
                <BrandMark />
                <span class="brand__name">{t('site.name')}</span>
              </a>
              {/* Wide screens: the full navigation in a row. */}
              <div class="site-header__wide">
                <SiteLinks ctx={ctx} pathOnly={pathOnly} />
              </div>
              {/* Narrow screens: the same links behind a button that works without scripts. */}
              <details class="site-menu">
                <summary class="site-menu__button">
                  <MenuIcon />
                  {t('nav.menu')}
                </summary>
                <div class="site-menu__panel">
                  <SiteLinks ctx={ctx} pathOnly={pathOnly} />
                </div>
              </details>
            </div>
          </header>
          <main id="main" class={mainClass ? `site-main ${mainClass}` : 'site-main'} tabindex="-1">
            {children}
          </main>
          <footer class="site-footer">
            <div class="site-footer__inner">
              <p class="brand">
                <BrandMark />
                <span class="brand__name">{t('site.name')}</span>
              </p>
              <p>{t('footer.licence')}</p>
              <ul>
                {FOOTER_NAV.map(({ path, key }) => (
                  <li>
                    <a href={ctx.href(path)}>{t(key)}</a>
                  </li>
                ))}
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

/** The header's links: sections, account and languages, for the wide row and the phone's menu. */
function SiteLinks({ ctx, pathOnly }: { ctx: ViewContext; pathOnly: string }) {
  const { t } = ctx;
  const item = ({ path, key }: { path: string; key: MessageKey }) => (
    <li>
      <a
        href={ctx.href(path)}
        aria-current={pathOnly === path || pathOnly.startsWith(`${path}/`) ? 'page' : undefined}
      >
        {t(key)}
      </a>
    </li>
  );
  return (
    <>
      <nav class="site-nav" aria-label={ctx.text('nav.main')}>
        <ul class="site-nav__main">{MAIN_NAV.map(item)}</ul>
        <ul class="site-nav__more">{MORE_NAV.map(item)}</ul>
      </nav>
      <div class="site-tools">
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
              {ctx.can('users.list') ? <a href={ctx.href('/admin/users')}>{t('nav.admin')}</a> : ''}
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
    </>
  );
}
