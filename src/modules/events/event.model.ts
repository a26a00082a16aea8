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
