import ical, { ICalEventStatus } from 'ical-generator';
import { utcToZoned } from '../../core/time.ts';
import type { EventDetail } from './event.service.ts';

/**
 * iCalendar documents (RFC 5545) of events. Times are written in UTC, which every calendar
 * reads the same way without a VTIMEZONE; the event's own zone and local times are stated in
 * the description so that people see the times the organisers announced.
 */
export function eventCalendar(
  events: EventDetail[],
  options: { name: string; publicUrl: string; eventUrl: (slug: string) => string },
): string {
  const host = new URL(options.publicUrl).hostname;
  const calendar = ical({ name: options.name, prodId: { company: host, product: 'events' } });
  for (const event of events) {
    const place = event.venue
      ? [event.venue.name, event.venue.address, event.venue.city, event.venue.country]
          .filter(Boolean)
          .join(', ')
      : null;
    const local = `${utcToZoned(event.startsAt, event.timeZone).replace('T', ' ')} – ${utcToZoned(
      event.endsAt,
      event.timeZone,
    ).replace('T', ' ')} (${event.timeZone})`;
    const url = options.eventUrl(event.slug);
    calendar.createEvent({
      id: `event-${event.id}@${host}`,
      start: new Date(event.startsAt),
      end: new Date(event.endsAt),
      stamp: new Date(event.updatedAt),
      lastModified: new Date(event.updatedAt),
      created: new Date(event.createdAt),
      summary: event.title,
      description: `${local}\n\n${event.description}${event.webcastUrl ? `\n\n${event.webcastUrl}` : ''}`,
      location: place ?? (event.online ? (event.webcastUrl ?? url) : null),
      url,
      status: ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
