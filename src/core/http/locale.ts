import type { IncomingMessage } from 'node:http';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../i18n/locales.ts';

/**
 * Pages live at `/…` in English and at `/fr/…`, `/ar/…` etc. in the other languages. The prefix
 * is taken off before routing (so each page is one route) and remembered on the request.
 *
 *   GET /fr/practices?theme=housing  →  route /practices, request.locale 'fr'
 */
const PREFIXED = LOCALES.filter((l) => l !== DEFAULT_LOCALE);
const PREFIX = new RegExp(`^/(${PREFIXED.join('|')})(?=/|\\?|$)`);
const localeOfRaw_ = new WeakMap<IncomingMessage, Locale>();

export function rewriteLocalePrefix(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const match = PREFIX.exec(url);
  if (!match) return url;
  localeOfRaw_.set(req, match[1] as Locale);
  const rest = url.slice(match[0].length);
  return rest === '' || rest.startsWith('?') ? `/${rest}` : rest;
}

/** The locale of a request from its URL prefix; usable before the locale hook has run. */
export function localeOfRaw(req: IncomingMessage): Locale {
  return localeOfRaw_.get(req) ?? DEFAULT_LOCALE;
}

/** The path of the same page in another locale. `path` has no locale prefix. */
export function localePath(locale: Locale, path: string): string {
  if (locale === DEFAULT_LOCALE) return path;
  return path === '/'
    ? `/${locale}`
    : path.startsWith('/?')
      ? `/${locale}${path.slice(1)}`
      : `/${locale}${path}`;
}

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
  }
}

const localePlugin: FastifyPluginAsync = async (app) => {
  app.decorateRequest('locale', DEFAULT_LOCALE);
  app.addHook('onRequest', async (request) => {
    request.locale = localeOfRaw(request.raw);
  });
};

export default fp(localePlugin, { name: 'locale' });

/** Remembers that a visitor has been here, and in which language they first were. */
export const LANGUAGE_COOKIE = 'lang';
const ONE_YEAR_SECONDS = 365 * 24 * 3600;

/**
 * The UI locale a browser's Accept-Language prefers, by quality then order; undefined when it
 * names none of ours (or is absent, as for most crawlers).
 *
 *   preferredLocale('fr-CA,fr;q=0.9,en;q=0.8') // 'fr'
 */
export function preferredLocale(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find(Boolean);
      return { primary: tag.trim().toLowerCase().split('-')[0], q: q ? Number(q) : 1, index };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.find((r) => (LOCALES as readonly string[]).includes(r.primary ?? ''))?.primary as
    | Locale
    | undefined;
}

/**
 * A visitor's first page in a browser that prefers another of our languages is that page in their
 * language. Only the first: a cookie remembers the visit, so a later choice of English (or of any
 * address) is respected. Registered before the page cache, whose English pages would otherwise
 * answer first. Only navigations (GET, HTML accepted) to unprefixed pages; never the API, feeds
 * or files.
 */
const firstVisitPlugin: FastifyPluginAsync = async (app) => {
  const secure = app.config.publicUrl.startsWith('https:');
  const NOT_PAGES =
    /^\/(api|static|feeds|sitemaps?|oai|exports|openapi|healthz|readyz|metrics|robots)/;
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET') return;
    if (!String(request.headers.accept ?? '').includes('text/html')) return;
    if (/(?:^|;\s*)lang=/.test(request.headers.cookie ?? '')) return;
    const raw = request.raw as typeof request.raw & { originalUrl?: string };
    const url = raw.originalUrl ?? request.url;
    const path = url.split('?')[0] ?? '/';
    if (NOT_PAGES.test(path) || /\.\w+$/.test(path)) return;
    const prefixed = localeOfRaw_.get(request.raw);
    const chosen =
      prefixed ?? preferredLocale(request.headers['accept-language']) ?? DEFAULT_LOCALE;
    reply.header(
      'set-cookie',
      `${LANGUAGE_COOKIE}=${chosen}; Path=/; Max-Age=${ONE_YEAR_SECONDS}; SameSite=Lax${secure ? '; Secure' : ''}`,
    );
    if (prefixed || chosen === DEFAULT_LOCALE) return;
    reply
      .header('vary', 'Accept-Language, Cookie')
      .header('cache-control', 'private, no-store')
      .redirect(localePath(chosen, url), 302);
    return reply;
  });
};

export const firstVisitLanguage = fp(firstVisitPlugin, { name: 'first-visit-language' });
