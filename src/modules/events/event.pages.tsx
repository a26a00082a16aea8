import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { registerListFeeds } from '../../core/feeds.ts';
import {
  type EditItemPage,
  type NewItemPage,
  registerContentEditor,
} from '../../core/http/content-editor.ts';
import { formViewOf, sendHtml, viewOf } from '../../core/http/render.ts';
import { CONTENT_FORM_LIMIT, formBody, SlugParams, textField } from '../../core/http/schemas.ts';
import { tabularDownloadRoutes } from '../../core/http/tabular-download.ts';
import { translationLocale } from '../../core/http/translation-route.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import type { MessageKey } from '../../core/i18n/i18n.ts';
import { translator } from '../../core/i18n/i18n.ts';
import { LOCALES } from '../../core/i18n/locales.ts';
import { listTimeZones } from '../../core/time.ts';
import { eventCalendar } from './event.calendar.ts';
import { eventTable } from './event.download.ts';
import { eventInputFromForm, formValuesOf } from './event.form.ts';
import { EVENT_TYPES, EVENTS_PER_PAGE } from './event.model.ts';
import { eventJsonLd, eventUrl } from './event.presenter.ts';
import {
  createEvent,
  eventInputOf,
  getEvent,
  listEvents,
  listEventsForCalendar,
  saveEventTranslation,
  updateEvent,
} from './event.service.ts';
import type { EventPagesOptions } from './event.slots.ts';
import { EventFormPage } from './views/EventFormPage.tsx';
import { EventPage, EventsPage } from './views/EventPages.tsx';

/** The event form's fields; their rules and messages are the service's, so the form can show them. */
const eventForm = formBody({
  title: textField(),
  type: textField(),
  description: textField(),
  language: textField(),
  starts_at: textField(),
  ends_at: textField(),
  time_zone: textField(),
  all_day: textField(),
  venue_name: textField(),
  venue_address: textField(),
  venue_city: textField(),
  venue_country: textField(),
  online: textField(),
  webcast_url: textField(),
  recording_url: textField(),
  captions_url: textField(),
  organisations: textField(),
  speakers: textField(),
  agenda: textField(),
  documents: textField(),
  practices: textField(),
});
const eventsQuery = Type.Object({
  when: Type.Optional(Type.String({ maxLength: 20 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
});

export async function eventPages(app: TypedApp, { slots = {} }: EventPagesOptions) {
  const page = (reply: FastifyReply, html: JSX.Element, status = 200) => {
    reply.header('cache-control', 'no-store');
    return sendHtml(reply, html, status);
  };
  const choices = (request: FastifyRequest) => {
    const ctx = viewOf(request);
    return {
      timeZones: listTimeZones(),
      types: EVENT_TYPES.map((type) => ({
        value: type,
        label: ctx.text(`events.type.${type}` as MessageKey),
      })),
      languages: LOCALES.map((l) => ({ value: l, label: ctx.language(l) })),
    };
  };

  const RECENT_WHEN_NONE_UPCOMING = 5;

  app.get(
    '/events',
    {
      config: { access: 'public' },
      schema: {
        hide: true,
        querystring: eventsQuery,
      },
    },
    async (request, reply) => {
      const q = request.query;
      const when = q.when === 'past' ? 'past' : 'upcoming';
      const list = await listEvents(app.readDb, request.locale, {
        when,
        page: q.page ?? 1,
        perPage: EVENTS_PER_PAGE,
      });
      // With nothing planned, the latest events that took place, rather than an empty page.
      const recent =
        when === 'upcoming' && list.total === 0
          ? await listEvents(app.readDb, request.locale, {
              when: 'past',
              page: 1,
              perPage: RECENT_WHEN_NONE_UPCOMING,
            })
          : undefined;
      return sendHtml(
        reply,
        EventsPage({
          ctx: viewOf(request),
          when,
          list,
          recent,
          pageCount: Math.ceil(list.total / EVENTS_PER_PAGE),
        }),
      );
    },
  );

  tabularDownloadRoutes<Static<typeof eventsQuery>>(app, '/events', {
    querystring: eventsQuery,
    table: async (request) => {
      const when = request.query.when === 'past' ? 'past' : 'upcoming';
      const ctx = viewOf(request);
      return {
        ...(await eventTable(app.readDb, request, when)),
        fileName: when === 'past' ? 'events-past' : 'events',
        sheetName: `${ctx.text('events.title')} (${ctx.text(`events.${when}`)})`,
      };
    },
  });

  registerListFeeds(app, {
    path: '/events',
    titleKey: 'events.title',
    leadKey: 'events.lead',
    entries: async (request) => {
      const { publicUrl } = app.config;
      const list = await listEvents(app.readDb, request.locale, { page: 1, perPage: 50 });
      return list.items.map((event) => ({
        id: `${eventUrl(publicUrl, 'en', event.slug)}`,
        url: eventUrl(publicUrl, request.locale, event.slug),
        title: event.title,
        summary: event.description,
        language: event.displayLanguage,
        // The entry's date is the event's start: readers sort a calendar by when things happen.
        published: new Date(event.startsAt),
        updated: new Date(event.updatedAt),
      }));
    },
  });

  const calendarReply = (reply: FastifyReply, body: string, name: string) =>
    reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', `inline; filename="${name}.ics"`)
      .header('cache-control', 'public, max-age=300')
      .send(body);

  app.get(
    '/events/calendar.ics',
    { config: { access: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      const t = translator(request.locale);
      const events = await listEventsForCalendar(app.readDb, request.locale);
      const body = eventCalendar(events, {
        name: `${t('events.title')} · ${t('site.name')}`,
        publicUrl: app.config.publicUrl,
        eventUrl: (slug) => eventUrl(app.config.publicUrl, request.locale, slug),
      });
      return calendarReply(reply, body, 'events');
    },
  );

  app.get(
    '/events/:slug/event.ics',
    { config: { access: 'public' }, schema: { hide: true, params: SlugParams } },
    async (request, reply) => {
      const { slug } = request.params;
      const event = await getEvent(app.readDb, request.locale, slug);
      const body = eventCalendar([event], {
        name: event.title,
        publicUrl: app.config.publicUrl,
        eventUrl: (s) => eventUrl(app.config.publicUrl, request.locale, s),
      });
      return calendarReply(reply, body, event.slug.slice(0, 60));
    },
  );

  app.get(
    '/events/:slug',
    { config: { access: 'public' }, schema: { hide: true, params: SlugParams } },
    async (request, reply) => {
      const { slug } = request.params;
      const event = await getEvent(app.readDb, request.locale, slug);
      const ctx = viewOf(request);
      const panel = { db: app.readDb, request, ctx, event };
      const afterArticle = await Promise.all((slots.afterArticle ?? []).map((p) => p(panel)));
      const url = eventUrl(app.config.publicUrl, request.locale, event.slug);
      return sendHtml(
        reply,
        EventPage({ ctx, event, afterArticle, jsonLd: eventJsonLd(event, url) }),
      );
    },
  );

  // ── Editors ──
  const newPage: NewItemPage = (request, reply, values, problems, status) =>
    page(
      reply,
      EventFormPage({ ctx: formViewOf(request, reply), values, problems, ...choices(request) }),
      status,
    );

  /** The edit form of an event, with the form of its translation into one other language. */
  const editPage: EditItemPage = async (request, reply, slug, options = {}) => {
    const { lang, saved } = options;
    const input = await eventInputOf(app.db, slug);
    const language = String(input.language);
    const locale = translationLocale(language, lang, options.translation);
    const event = await getEvent(app.db, 'en', slug);
    const existing = event.translations.find((tr) => tr.locale === locale);
    return page(
      reply,
      EventFormPage({
        ctx: formViewOf(request, reply),
        event: { slug, title: String(input.title), language },
        values: options.values ?? formValuesOf(input),
        problems: options.problems ?? [],
        ...choices(request),
        saved: saved === '1',
        translation: {
          locale,
          values: options.translation?.values ?? {
            tr_title: existing?.title ?? '',
            tr_description: existing?.description ?? '',
          },
          problems: options.translation?.problems ?? [],
          saved: saved === 'translation',
        },
      }),
      options.status,
    );
  };

  registerContentEditor(app, {
    path: '/editor/events',
    body: eventForm,
    bodyLimit: CONTENT_FORM_LIMIT,
    blank: { time_zone: 'UTC', language: 'en', type: 'roundtable' },
    newPage,
    create: (request, body) => createEvent(app.db, request.actor, eventInputFromForm(body)),
    created: (event) => `/events/${event.slug}`,
    editPage,
    update: (request, slug, body) =>
      updateEvent(app.db, request.actor, slug, eventInputFromForm(body)),
    updated: (event) => `/editor/events/${event.slug}/edit?saved=1`,
    translation: {
      fields: ['title', 'description'],
      save: (request, slug, locale, values) =>
        saveEventTranslation(app.db, request.actor, slug, locale, values),
    },
  });
}
