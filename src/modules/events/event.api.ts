import { Type } from 'typebox';
import {
  ProblemSchema,
  problemResponse,
  readResponses,
  stringEnum,
} from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { DEFAULT_LOCALE, isLocale } from '../../core/i18n/locales.ts';
import { DEFAULT_PER_PAGE, LangQuery, pageProperties } from '../practices/index.ts';
import { EVENT_TYPES, EVENT_WHEN, ORGANISATION_ROLES } from './event.model.ts';
import { presentEventDetail, presentEventList } from './event.presenter.ts';
import {
  createEvent,
  eventInputOf,
  FOUNDING_EVENT_SLUG,
  getEvent,
  listEvents,
  updateEvent,
} from './event.service.ts';

const FOUNDING_SLUG = FOUNDING_EVENT_SLUG;

const nullableString = Type.Union([Type.String(), Type.Null()]);
const VenueSchema = Type.Union([
  Type.Object({
    name: nullableString,
    address: nullableString,
    city: nullableString,
    country: nullableString,
  }),
  Type.Null(),
]);

const EventSummarySchema = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  url: Type.String(),
  type: stringEnum(EVENT_TYPES),
  title: Type.String(),
  description: Type.String(),
  language: Type.String({ description: 'Language of the original title and description.' }),
  display_language: Type.String({ description: 'Language of title and description as returned.' }),
  all_day: Type.Boolean({
    description:
      'True when only the dates are known: read `starts_on` and `ends_on`, and show no time of day.',
  }),
  starts_on: Type.String({
    description: 'First day (YYYY-MM-DD): the date given, or the start’s date in `time_zone`.',
  }),
  ends_on: Type.String({
    description:
      'Last day (YYYY-MM-DD), counted in: the date given, or the end’s date in `time_zone`.',
  }),
  starts_at: Type.String({
    description: 'UTC instant (ISO 8601); for an all-day event, midnight UTC of its first day.',
  }),
  ends_at: Type.String({
    description: 'UTC instant (ISO 8601); for an all-day event, midnight UTC of its last day.',
  }),
  time_zone: Type.String({ description: 'IANA time zone where the event takes place.' }),
  local_starts_at: Type.String({
    description:
      'The start in the event zone, with its offset; for an all-day event, its date alone.',
  }),
  local_ends_at: Type.String({
    description:
      'The end in the event zone, with its offset; for an all-day event, its date alone.',
  }),
  venue: VenueSchema,
  online: Type.Boolean(),
  updated_at: Type.String(),
});

const EventListSchema = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  per_page: Type.Integer(),
  results: Type.Array(EventSummarySchema),
});

const EventDetailSchema = Type.Object({
  ...EventSummarySchema.properties,
  webcast_url: nullableString,
  recording_url: nullableString,
  captions_url: nullableString,
  organisations: Type.Array(
    Type.Object({ slug: Type.String(), name: Type.String(), role: stringEnum(ORGANISATION_ROLES) }),
  ),
  speakers: Type.Array(
    Type.Object({
      name: Type.String(),
      title: nullableString,
      affiliation: nullableString,
      part: nullableString,
    }),
  ),
  agenda: Type.Array(
    Type.Object({ starts_at: nullableString, title: Type.String(), speakers: nullableString }),
  ),
  documents: Type.Array(Type.Object({ title: Type.String(), url: Type.String() })),
  practices: Type.Array(Type.String(), { description: 'Slugs of related practices.' }),
  translations: Type.Array(
    Type.Object({ locale: Type.String(), title: nullableString, description: nullableString }),
  ),
  ics_url: Type.String(),
});

const short = (description: string, maxLength = 300) =>
  Type.Optional(Type.String({ maxLength, description }));

/** What editors send; the service checks what the values mean and names every problem. */
const EventBody = Type.Object(
  {
    title: short('Title in the original language.'),
    type: Type.Optional(stringEnum(EVENT_TYPES)),
    description: short('Plain text; paragraphs separated by blank lines.', 20_000),
    language: short('BCP-47 tag of title and description, e.g. en.', 35),
    starts_at: short(
      'Local start in `time_zone`, e.g. 2009-09-28T09:00; with `all_day`, the first day, e.g. 2009-09-28.',
      40,
    ),
    ends_at: short(
      'Local end in `time_zone`, e.g. 2009-09-28T13:00; with `all_day`, the last day (the same as the first for one day).',
      40,
    ),
    time_zone: short('IANA time zone, e.g. America/New_York.', 100),
    all_day: Type.Optional(
      Type.Boolean({
        description:
          'True when only the dates are known (or the event fills whole days): start and end are dates, a time given is dropped.',
      }),
    ),
    venue_name: short('Venue.'),
    venue_address: short('Street address.', 500),
    venue_city: short('City.', 200),
    venue_country: short('ISO 3166-1 alpha-2 code.', 10),
    online: Type.Optional(Type.Boolean()),
    webcast_url: short('http(s) address of the live webcast.', 2000),
    recording_url: short('http(s) address of the recording.', 2000),
    captions_url: short('http(s) address of captions or a transcript.', 2000),
    organisations: Type.Optional(
      Type.Array(
        Type.Object({
          organisation: Type.String({ maxLength: 300, description: 'Directory slug or name.' }),
          role: stringEnum(ORGANISATION_ROLES),
        }),
        { maxItems: 50 },
      ),
    ),
    speakers: Type.Optional(
      Type.Array(
        Type.Object({
          name: Type.String({ maxLength: 200 }),
          title: Type.Optional(Type.String({ maxLength: 300 })),
          affiliation: Type.Optional(Type.String({ maxLength: 300 })),
          part: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        { maxItems: 200 },
      ),
    ),
    agenda: Type.Optional(
      Type.Array(
        Type.Object({
          starts_at: Type.Optional(
            Type.String({ maxLength: 40, description: 'Local time (09:30) or date-time.' }),
          ),
          title: Type.String({ maxLength: 300 }),
          speakers: Type.Optional(Type.String({ maxLength: 500 })),
        }),
        { maxItems: 200 },
      ),
    ),
    documents: Type.Optional(
      Type.Array(
        Type.Object({
          title: Type.String({ maxLength: 300 }),
          url: Type.String({ maxLength: 2000 }),
        }),
        { maxItems: 100 },
      ),
    ),
    practices: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 })),
  },
  {
    additionalProperties: false,
    examples: [
      {
        title: 'Cities and newcomers: a webinar',
        type: 'webinar',
        description: 'How three cities welcome new residents.',
        language: 'en',
        starts_at: '2027-03-10T15:00',
        ends_at: '2027-03-10T16:30',
        time_zone: 'Europe/Paris',
        online: true,
        webcast_url: 'https://example.org/live',
      },
    ],
  },
);

const slugParams = Type.Object({
  eventSlug: Type.String({ maxLength: 200, examples: [FOUNDING_SLUG] }),
});

export async function eventApi(app: TypedApp) {
  app.get(
    '/api/v1/events',
    {
      config: { access: 'public' },
      schema: {
        tags: ['events'],
        summary: 'List events: roundtables, webinars, conferences',
        description:
          'Upcoming events are listed soonest first, past ones (and all, without `when`) newest first.',
        querystring: Type.Object({
          when: Type.Optional(stringEnum(EVENT_WHEN)),
          type: Type.Optional(stringEnum(EVENT_TYPES)),
          q: Type.Optional(
            Type.String({ maxLength: 200, description: 'Words in title or description.' }),
          ),
          page: pageProperties.page,
          per_page: pageProperties.per_page,
          ...LangQuery.properties,
        }),
        response: { 200: EventListSchema, ...readResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const result = await listEvents(app.readDb, isLocale(q.lang) ? q.lang : DEFAULT_LOCALE, {
        when: q.when,
        type: q.type,
        q: q.q,
        // The schema's defaults fill these in; the types cannot tell.
        page: q.page ?? 1,
        perPage: q.per_page ?? DEFAULT_PER_PAGE,
      });
      return presentEventList(result, app.config.publicUrl);
    },
  );

  app.get(
    '/api/v1/events/:eventSlug',
    {
      config: { access: 'public' },
      schema: {
        tags: ['events'],
        summary: 'One event, by slug, with organisers, speakers, agenda and documents',
        params: slugParams,
        querystring: LangQuery,
        response: {
          200: EventDetailSchema,
          ...readResponses,
          404: problemResponse('No event has this slug.'),
        },
      },
    },
    async (request) => {
      const { eventSlug } = request.params;
      const { lang } = request.query;
      const event = await getEvent(app.readDb, isLocale(lang) ? lang : DEFAULT_LOCALE, eventSlug);
      return presentEventDetail(event, app.config.publicUrl);
    },
  );

  const writeResponses = {
    400: ProblemSchema,
    401: ProblemSchema,
    403: ProblemSchema,
  };

  app.post(
    '/api/v1/events',
    {
      config: { access: 'api-write' },
      bodyLimit: 512 * 1024,
      schema: {
        tags: ['events'],
        summary: 'Add an event (editors, with a token that has the write scope)',
        description:
          'Start and end are local date-times in `time_zone`, or dates with `all_day`; every problem is listed in `errors`, naming the field.',
        body: EventBody,
        response: { 201: EventDetailSchema, ...writeResponses },
      },
    },
    async (request, reply) => {
      const event = await createEvent(app.db, request.actor, request.body);
      reply.status(201).header('location', `/api/v1/events/${event.slug}`);
      return presentEventDetail(event, app.config.publicUrl);
    },
  );

  app.patch(
    '/api/v1/events/:eventSlug',
    {
      config: { access: 'api-write' },
      bodyLimit: 512 * 1024,
      schema: {
        tags: ['events'],
        summary: 'Change an event: only the fields sent change',
        params: slugParams,
        body: EventBody,
        response: { 200: EventDetailSchema, ...writeResponses, 404: ProblemSchema },
      },
    },
    async (request) => {
      const { eventSlug } = request.params;
      const current = await eventInputOf(app.db, eventSlug);
      const event = await updateEvent(app.db, request.actor, eventSlug, {
        ...current,
        ...request.body,
      });
      return presentEventDetail(event, app.config.publicUrl);
    },
  );
}
