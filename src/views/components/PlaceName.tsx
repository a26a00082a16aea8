import { escapeHtml } from '@kitajs/html';
import type { ViewContext } from '../../core/http/view-context.ts';

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
  // The catalogue's text (escaped by ctx.t) around the two names, in the order it puts them.
  const parts = ctx.t('practice.place', { city: CITY, country: COUNTRY }).split(/(\uE000|\uE001)/);
  return (
    <>
      {parts.map((part) =>
        part === CITY ? <bdi>{city}</bdi> : part === COUNTRY ? <bdi>{country}</bdi> : part,
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
  return (
    <PlaceName ctx={ctx} city={city ? escapeHtml(city) : null} country={escapeHtml(country)} />
  );
}
