import ical, { ICalEventStatus } from 'ical-generator';
import { utcToZoned } from '../../core/time.ts';
import { allDayDate } from './event.model.ts';
import type { EventDetail } from './event.service.ts';

const DAY = 86_400_000;

/**
 * iCalendar documents (RFC 5545) of events. Times are written in UTC, which every calendar
 * reads the same way without a VTIMEZONE; the event's own zone and local times are stated in
 * the description so that people see the times the organisers announced. An all-day event is
 * written with dates (DTSTART;VALUE=DATE), its DTEND the day after its last day, as RFC 5545
 * counts the end out; its description states the dates, as no time is known.
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
    const local = event.allDay
      ? `${allDayDate(event.startsAt)} – ${allDayDate(event.endsAt)}`
      : `${utcToZoned(event.startsAt, event.timeZone).replace('T', ' ')} – ${utcToZoned(
          event.endsAt,
          event.timeZone,
        ).replace('T', ' ')} (${event.timeZone})`;
    const url = options.eventUrl(event.slug);
    calendar.createEvent({
      id: `event-${event.id}@${host}`,
      start: new Date(event.startsAt),
      // ical-generator writes an all-day event's dates from the instants' UTC day.
      end: new Date(Date.parse(event.endsAt) + (event.allDay ? DAY : 0)),
      allDay: event.allDay,
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
