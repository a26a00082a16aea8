import { readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';
import type en from '../../../locales/en.json';
import { DEFAULT_LOCALE, LOCALES, type Locale } from './locales.ts';

/** Every UI message key; the English catalogue is the reference. */
export type MessageKey = keyof typeof en;
export type MessageValues = Record<string, string | number | Date | boolean | null | undefined>;
export type Translate = (key: MessageKey, values?: MessageValues) => string;

type Catalogue = Record<string, string>;

const catalogueDir = new URL('../../../locales/', import.meta.url);

function loadCatalogue(locale: Locale): Catalogue {
  try {
    return JSON.parse(readFileSync(new URL(`${locale}.json`, catalogueDir), 'utf8')) as Catalogue;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}

export const catalogues: Record<Locale, Catalogue> = Object.fromEntries(
  LOCALES.map((locale) => [locale, loadCatalogue(locale)]),
) as Record<Locale, Catalogue>;

const compiled = new Map<string, IntlMessageFormat>();

function formatter(locale: Locale, key: string): IntlMessageFormat | undefined {
  const cacheKey = `${locale}\u0000${key}`;
  let message = compiled.get(cacheKey);
  if (message) return message;
  // A key missing in a catalogue falls back to English rather than showing the key.
  const source = catalogues[locale][key] ?? catalogues[DEFAULT_LOCALE][key];
  if (source === undefined) return undefined;
  message = new IntlMessageFormat(
    source,
    source === catalogues[locale][key] ? locale : DEFAULT_LOCALE,
  );
  compiled.set(cacheKey, message);
  return message;
}

const translators = new Map<Locale, Translate>();

/**
 * A translate function for one locale.
 *
 *   translator('fr')('practices.count', { count: 2 }) // '2 pratiques'
 */
export function translator(locale: Locale): Translate {
  let t = translators.get(locale);
  if (t) return t;
  t = (key, values) => {
    const message = formatter(locale, key);
    if (!message) return key;
    const result = message.format(values as Record<string, string | number>);
    return Array.isArray(result) ? result.join('') : String(result);
  };
  translators.set(locale, t);
  return t;
}
