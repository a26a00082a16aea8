// The events module's public surface: its routes, the organisation events panel, event lists
// and choices, when an event is over, the founding event and the demo events, the event page's
// panel type and the sitemap entries.
export { eventApi } from './event.api.ts';
export { endOf as eventEnd } from './event.model.ts';
export { eventPages } from './event.pages.tsx';
export { organisationEventsPanel } from './event.panels.ts';
// Reads and organisation merges with no rule of their own come straight from the repository.
export {
  listEventSitemapEntries,
  moveOrganisationLinks as moveEventsToOrganisation,
} from './event.repository.ts';
export {
  type EventSummary,
  type EventTranslationText,
  FOUNDING_EVENT_SLUG,
  FOUNDING_ORGANISATIONS,
  findEventIdBySlug,
  findEventLink,
  listEventChoices,
  listEvents,
  listEventsForOrganisation,
  loadFoundingEvent,
  translateFoundingEvent,
} from './event.service.ts';
export type { EventPanel } from './event.slots.ts';
export { type DemoEvents, loadDemoEvents } from './event-demo.service.ts';
