import { escapeHtml } from '@kitajs/html';
import type { ViewContext } from '../../core/http/view-context.ts';
import type { Locale } from '../../core/i18n/locales.ts';

const CITY = '\uE000';
const COUNTRY = '\uE001';

/**
 * "City, Country" in the page's language ("Sheffield، المملكة المتحدة" in Arabic, "谢菲尔德（英国）"
 * in Chinese), from the catalogue's `practice.place`. Each name is isolated in a <bdi>, so a
 * Latin city name in a right-to-left page keeps the separator on the right side of it.
 * `city` and `country` are markup (a link, or text escaped by the caller); without a city, the
 * country alone.
 */
export function PlaceName({
  ctx,
  city,
  country,
}: {
  ctx: ViewContext;
  city?: JSX.Element | null;
  country: JSX.Element;
}): JSX.Element {
  if (!city) return <bdi>{country}</bdi>;
  // The catalogue's text around the two names, in the order it puts them.
  const parts = ctx
    .text('practice.place', { city: CITY, country: COUNTRY })
    .split(/(\uE000|\uE001)/);
  return (
    <>
      {parts.map((part) =>
        part === CITY ? (
          <bdi>{city}</bdi>
        ) : part === COUNTRY ? (
          <bdi>{country}</bdi>
        ) : (
          escapeHtml(part)
        ),
      )}
    </>
  );
}

/** The same for plain names, escaped here. */
export function PlaceText({
  ctx,
  city,
  country,
}: {
  ctx: ViewContext;
  city?: string | null;
  country: string;
}): JSX.Element {
  // A submission may name a city before its country is chosen.
  if (!country) return <bdi>{escapeHtml(city ?? '')}</bdi>;
  return (
    <PlaceName ctx={ctx} city={city ? escapeHtml(city) : null} country={escapeHtml(country)} />
  );
}

/**
 * The separator between two items of a list in a language: the Arabic comma, the Chinese
 * enumeration comma, a comma elsewhere (what Intl.ListFormat puts between items before the last).
 */
const SEPARATORS: Partial<Record<Locale, string>> = { ar: '، ', zh: '、' };

export function listSeparator(locale: Locale): string {
  return SEPARATORS[locale] ?? ', ';
}

/** Names as a list in the page's language: "A, B and C", "A وB وC", "A、B和C". */
export function listText(locale: Locale, items: string[]): string {
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(items);
}
