/** What an event may be: its types, the roles of its organisations, the pages of the list. */
export const EVENT_TYPES = ['roundtable', 'webinar', 'conference', 'workshop', 'other'] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export const ORGANISATION_ROLES = ['organiser', 'co-sponsor', 'partner'] as const;
export type OrganisationRole = (typeof ORGANISATION_ROLES)[number];
export const EVENT_WHEN = ['upcoming', 'past'] as const;
export type EventWhen = (typeof EVENT_WHEN)[number];

export const EVENTS_PER_PAGE = 20;
export const MAX_EVENTS_PER_PAGE = 100;

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

/**
 * An all-day event (its times unknown, or whole days) keeps midnight UTC of its first and last
 * days: the date is read back from the instant whatever the reader's zone, and the stored values
 * stay instants that sort with those of timed events.
 */
export function allDayInstant(date: string): string {
  return `${date}T00:00:00.000Z`;
}

/** The date of an all-day event's stored instant: 2014-06-19. */
export function allDayDate(instant: string): string {
  return instant.slice(0, 10);
}

/**
 * When an event is over: its end, or for an all-day event the start of the day after its last
 * day, in UTC, since its dates name no zone's midnight (the lists use the same rule).
 */
export function endOf(event: { endsAt: string; allDay: boolean }): string {
  if (!event.allDay) return event.endsAt;
  return new Date(Date.parse(allDayInstant(allDayDate(event.endsAt))) + 86_400_000).toISOString();
}
