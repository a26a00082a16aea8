import { localePath } from '../../core/http/locale.ts';
import { presentPage } from '../../core/http/paged.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import { utcToZoned } from '../../core/time.ts';
import { allDayDate } from './event.model.ts';
import type { EventDetail, EventList, EventSummary } from './event.service.ts';

/** An instant with the offset it has in a zone: 2009-09-28T09:00:00-04:00. */
export function withOffset(iso: string, timeZone: string): string {
  const local = utcToZoned(iso, timeZone);
  const minutes = Math.round((Date.parse(`${local}:00Z`) - Date.parse(iso)) / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}:00${sign}${hh}:${mm}`;
}

/**
 * The start or end as people state it: the date alone for an all-day event, whose times are not
 * known, else the local date-time with its offset.
 */
function localMoment(event: EventSummary, iso: string): string {
  return event.allDay ? allDayDate(iso) : withOffset(iso, event.timeZone);
}

/** The local date of the start or end: the all-day event's own, or in the event's zone. */
function localDate(event: EventSummary, iso: string): string {
  return event.allDay ? allDayDate(iso) : utcToZoned(iso, event.timeZone).slice(0, 10);
}

export function eventUrl(publicUrl: string, locale: Locale | 'en', slug: string): string {
  return `${publicUrl}${localePath(locale as Locale, `/events/${encodeURIComponent(slug)}`)}`;
}

export function presentEventSummary(event: EventSummary, publicUrl: string) {
  return {
    id: event.id,
    slug: event.slug,
    url: eventUrl(publicUrl, 'en', event.slug),
    type: event.type,
    title: event.title,
    description: event.description,
    language: event.language,
    display_language: event.displayLanguage,
    all_day: event.allDay,
    starts_on: localDate(event, event.startsAt),
    ends_on: localDate(event, event.endsAt),
    starts_at: event.startsAt,
    ends_at: event.endsAt,
    time_zone: event.timeZone,
    local_starts_at: localMoment(event, event.startsAt),
    local_ends_at: localMoment(event, event.endsAt),
    venue: event.venue,
    online: event.online,
    updated_at: event.updatedAt,
  };
}

export function presentEventList(list: EventList, publicUrl: string) {
  return presentPage(
    list,
    list.items.map((e) => presentEventSummary(e, publicUrl)),
  );
}

export function presentEventDetail(event: EventDetail, publicUrl: string) {
  return {
    ...presentEventSummary(event, publicUrl),
    webcast_url: event.webcastUrl,
    recording_url: event.recordingUrl,
    captions_url: event.captionsUrl,
    organisations: event.organisations.map((o) => ({ slug: o.slug, name: o.name, role: o.role })),
    speakers: event.speakers,
    agenda: event.agenda.map((a) => ({
      starts_at: a.startsAt,
      title: a.title,
      speakers: a.speakers,
    })),
    documents: event.documents,
    practices: event.practices.map((p) => p.slug),
    translations: event.translations,
    ics_url: `${eventUrl(publicUrl, 'en', event.slug)}/event.ics`,
  };
}

/** schema.org Event, for search engines and calendars that read pages. */
export function eventJsonLd(event: EventDetail, url: string): Record<string, unknown> {
  const place = event.venue
    ? {
        '@type': 'Place',
        name: event.venue.name ?? event.venue.city ?? undefined,
        address: {
          '@type': 'PostalAddress',
          streetAddress: event.venue.address ?? undefined,
          addressLocality: event.venue.city ?? undefined,
          addressCountry: event.venue.country ?? undefined,
        },
      }
    : undefined;
  const virtual = event.online
    ? { '@type': 'VirtualLocation', url: event.webcastUrl ?? url }
    : undefined;
  const location = [place, virtual].filter(Boolean);
  const org = (o: { name: string; slug: string }) => ({ '@type': 'Organization', name: o.name });
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    '@id': url,
    url,
    name: event.title,
    description: event.description,
    inLanguage: event.displayLanguage,
    // schema.org takes a Date as well as a DateTime: an all-day event states no time.
    startDate: localMoment(event, event.startsAt),
    endDate: localMoment(event, event.endsAt),
    eventStatus: 'https://schema.org/EventScheduled',
    eventAttendanceMode: `https://schema.org/${
      place && virtual ? 'Mixed' : virtual ? 'Online' : 'Offline'
    }EventAttendanceMode`,
    location: location.length === 1 ? location[0] : location,
    organizer: event.organisations.filter((o) => o.role === 'organiser').map(org),
    sponsor: event.organisations.filter((o) => o.role === 'co-sponsor').map(org),
    performer: event.speakers.map((s) => ({
      '@type': 'Person',
      name: s.name,
      jobTitle: s.title ?? undefined,
      affiliation: s.affiliation ? { '@type': 'Organization', name: s.affiliation } : undefined,
    })),
    ...(event.recordingUrl
      ? { recordedIn: { '@type': 'CreativeWork', url: event.recordingUrl } }
      : {}),
  };
}
