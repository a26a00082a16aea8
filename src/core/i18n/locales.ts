/** The six official UN languages, the UI locales of the clearinghouse. English is the default. */
export const LOCALES = ['en', 'ar', 'es', 'fr', 'ru', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function directionOf(locale: string): 'rtl' | 'ltr' {
  return /^(ar|fa|he|ur|ps|yi|dv|ckb)(-|$)/i.test(locale) ? 'rtl' : 'ltr';
}

/**
 * The display name of a language in the given UI locale, from CLDR through Intl.
 *
 *   languageName('es', 'fr') // 'espagnol'
 */
const displayNames = new Map<string, Intl.DisplayNames>();

export function languageName(tag: string, locale: string): string {
  let names = displayNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: 'language' });
    displayNames.set(locale, names);
  }
  try {
    return names.of(tag) ?? tag;
  } catch {
    return tag;
  }
}
