/**
 * Wall-clock times in a named time zone, as editors write them ("closes 30 June at 17:00,
 * Geneva time") and readers see them, converted to the UTC instants stored in *_at columns.
 * Intl knows every zone's offsets, including daylight saving; nothing else is needed.
 */

const zones = new Set(Intl.supportedValuesOf('timeZone'));
zones.add('UTC');

export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  if (zones.has(value)) return true;
  // Intl lists canonical names only; links such as Asia/Kolkata are accepted by name too.
  if (!/^[A-Z][A-Za-z_]+(?:\/[A-Za-z0-9_+-]+){1,2}$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    zones.add(value);
    return true;
  } catch {
    return false;
  }
}

export function listTimeZones(): string[] {
  return [...zones].sort();
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

const partFormats = new Map<string, Intl.DateTimeFormat>();
function partsIn(timeZone: string, instant: number) {
  let format = partFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(
    format.formatToParts(instant).map((p) => [p.type, Number.parseInt(p.value, 10)]),
  ) as Record<string, number>;
  return parts;
}

/** The zone's offset from UTC at an instant, in milliseconds (positive east of Greenwich). */
function offsetAt(timeZone: string, instant: number): number {
  const p = partsIn(timeZone, instant);
  const asUtc = Date.UTC(
    p.year as number,
    (p.month as number) - 1,
    p.day as number,
    p.hour as number,
    p.minute as number,
    p.second as number,
  );
  return asUtc - (instant - (instant % 1000));
}

/**
 * A local date-time (`2026-06-30T17:00`, as an <input type="datetime-local"> sends it) in a
 * zone, as an ISO instant; undefined when the text is not a real date-time. A time skipped by a
 * daylight-saving change moves forward, as clocks do.
 *
 *   zonedToUtc('2009-09-28T09:00', 'America/New_York') // '2009-09-28T13:00:00.000Z'
 */
export function zonedToUtc(local: string, timeZone: string): string | undefined {
  const m = LOCAL.exec(local);
  if (!m || !isTimeZone(timeZone)) return undefined;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(wall);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59)
    return undefined;
  // Two passes settle on the right offset on both sides of a daylight-saving change; a time
  // the change skipped does not round-trip, and the first pass's offset moves it forward.
  const first = wall - offsetAt(timeZone, wall);
  const second = wall - offsetAt(timeZone, first);
  const instant = utcToZoned(new Date(second).toISOString(), timeZone) === local ? second : first;
  return new Date(instant).toISOString();
}

/** An ISO instant as the local date-time in a zone, for form fields: `2026-06-30T17:00`. */
export function utcToZoned(iso: string, timeZone: string): string {
  const p = partsIn(timeZone, Date.parse(iso));
  const two = (n: number | undefined) => String(n ?? 0).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}`;
}

/** An instant for people: date and time in a zone, with the zone named. */
export function formatInZone(iso: string, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone,
  }).format(new Date(iso));
}
