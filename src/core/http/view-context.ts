import { escapeHtml } from '@kitajs/html';
import { type Actor, ANONYMOUS, type Resource } from '../actor.ts';
import { type Action, can } from '../authz.ts';
import type { MessageKey, MessageValues, Translate } from '../i18n/i18n.ts';
import { directionOf, type Locale, languageName } from '../i18n/locales.ts';
import { localePath } from './locale.ts';

/** What every view needs to know about the request, and nothing about the database. */
export interface ViewContext {
  locale: Locale;
  dir: 'ltr' | 'rtl';
  /** A UI message, HTML-escaped, for element content (values may hold user text). */
  t(key: MessageKey, values?: MessageValues): JSX.Element;
  /** A UI message as plain text, for attributes and titles (the renderer escapes those). */
  text: Translate;
  /** The current path and query, without the locale prefix. */
  path: string;
  publicUrl: string;
  assets: { css: string; js: string; icon: string };
  /** The signed-in person, for the header; undefined for anonymous pages. */
  user?: { name: string; role: string };
  /** Whether the reader may do this: views offer only what the policy allows. */
  can(action: Action, resource?: Resource): boolean;
  /** A CSRF token for forms (signed-in pages and form pages only). */
  csrfToken?: string;
  /**
   * What the signed-in reader follows, for the follow buttons of a page: the target as the alerts
   * store it, and whether the reader follows it. Set by a hook in app.ts on the pages that show
   * a follow button (views/components/FollowButton.tsx); undefined elsewhere.
   */
  follows?: (kind: string, target: string) => { target: string; following: boolean };
  /** A site path in the current locale. */
  href(path: string): string;
  /** The same path in another locale. */
  hrefIn(locale: Locale, path: string): string;
  number(value: number): JSX.Element;
  date(iso: string): string;
  language(tag: string): string;
}

// Intl formatters are costly to build (about a tenth of a page's time): one set per locale.
const formats = new Map<
  Locale,
  { numberFormat: Intl.NumberFormat; dateFormat: Intl.DateTimeFormat }
>();

function formatsOf(locale: Locale) {
  let found = formats.get(locale);
  if (!found) {
    found = {
      numberFormat: new Intl.NumberFormat(locale),
      dateFormat: new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }),
    };
    formats.set(locale, found);
  }
  return found;
}

export function createViewContext(options: {
  locale: Locale;
  text: Translate;
  path: string;
  publicUrl: string;
  assets: { css: string; js: string; icon: string };
  actor?: Actor;
  csrfToken?: string;
}): ViewContext {
  const { locale, actor = ANONYMOUS, ...rest } = options;
  const { numberFormat, dateFormat } = formatsOf(locale);
  return {
    ...rest,
    locale,
    user: actor.kind === 'user' ? { name: actor.name, role: actor.role } : undefined,
    can: (action, resource) => can(actor, action, resource),
    t: (key, values) => escapeHtml(options.text(key, values)),
    dir: directionOf(locale),
    href: (path) => localePath(locale, path),
    hrefIn: (other, path) => localePath(other, path),
    number: (value) => numberFormat.format(value),
    date: (iso) => dateFormat.format(new Date(iso)),
    language: (tag) => languageName(tag, locale),
  };
}
