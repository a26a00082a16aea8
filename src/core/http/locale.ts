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
