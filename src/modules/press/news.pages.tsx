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
import { translationLocale } from '../../core/http/translation-route.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import type { MessageKey } from '../../core/i18n/i18n.ts';
import { LOCALES } from '../../core/i18n/locales.ts';
import { newsJsonLd, newsUrl } from './news.presenter.ts';
import {
  createNews,
  getNews,
  listNews,
  NEWS_KINDS,
  NEWS_PER_PAGE,
  type NewsInput,
  newsInputOf,
  newsTranslationOf,
  saveNewsTranslation,
  updateNews,
} from './news.service.ts';
import { PressFormPage, PressItemPage, PressListPage } from './views/PressPages.tsx';

/** The press form's fields; their rules and messages are the service's, so the form can show them. */
const newsForm = formBody({
  kind: textField({ max: 60_000 }),
  title: textField({ max: 60_000 }),
  dateline: textField({ max: 60_000 }),
  published_on: textField({ max: 60_000 }),
  body: textField({ max: 60_000 }),
  language: textField({ max: 60_000 }),
  speakers_available: textField({ max: 60_000 }),
  speakers_note: textField({ max: 60_000 }),
  event: textField({ max: 60_000 }),
  contacts: textField({ max: 60_000 }),
  organisations: textField({ max: 60_000 }),
});

const lines = (value: unknown) =>
  (typeof value === 'string' ? value : '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');

/** The form's fields as the service's input: contacts are "name | role | organisation | phone | email". */
function inputFromForm(body: Static<typeof newsForm>): NewsInput {
  return {
    kind: body.kind,
    title: body.title,
    dateline: body.dateline,
    published_on: body.published_on,
    body: body.body,
    language: body.language,
    speakers_available: body.speakers_available === '1',
    speakers_note: body.speakers_note,
    event: body.event,
    contacts: lines(body.contacts).map((line) => {
      const [name, role, organisation, phone, email] = line.split('|').map((c) => c.trim());
      return { name, role, organisation, phone, email };
    }),
    organisations: lines(body.organisations),
  };
}

export async function pressPages(app: TypedApp) {
  const page = (reply: FastifyReply, html: JSX.Element, status = 200) => {
    reply.header('cache-control', 'no-store');
    return sendHtml(reply, html, status);
  };
  const choices = (request: FastifyRequest) => {
    const ctx = viewOf(request);
    return {
      kinds: NEWS_KINDS.map((k) => ({
        value: k,
        label: ctx.text(`press.kind.${k}` as MessageKey),
      })),
      languages: LOCALES.map((l) => ({ value: l, label: ctx.language(l) })),
    };
  };

  app.get(
    '/press',
    {
      config: { access: 'public' },
      schema: {
        hide: true,
        querystring: Type.Object({
          page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
        }),
      },
    },
    async (request, reply) => {
      const { page: n = 1 } = request.query;
      const list = await listNews(app.readDb, request.locale, { page: n, perPage: NEWS_PER_PAGE });
      return sendHtml(
        reply,
        PressListPage({
          ctx: viewOf(request),
          items: list.items,
          page: list.page,
          pageCount: Math.ceil(list.total / NEWS_PER_PAGE),
        }),
      );
    },
  );

  registerListFeeds(app, {
    path: '/press',
    titleKey: 'press.title',
    leadKey: 'press.lead',
    entries: async (request) => {
      const { publicUrl } = app.config;
      const list = await listNews(app.readDb, request.locale, { page: 1, perPage: 50 });
      return list.items.map((item) => ({
        id: newsUrl(publicUrl, 'en', item.slug),
        url: newsUrl(publicUrl, request.locale, item.slug),
        title: item.title,
        summary: item.lead,
        language: item.displayLanguage,
        published: new Date(`${item.publishedOn}T00:00:00Z`),
        updated: new Date(item.updatedAt),
      }));
    },
  });

  app.get(
    '/press/:slug',
    { config: { access: 'public' }, schema: { hide: true, params: SlugParams } },
    async (request, reply) => {
      const { slug } = request.params;
      const item = await getNews(app.readDb, request.locale, slug);
      const url = newsUrl(app.config.publicUrl, request.locale, item.slug);
      return sendHtml(
        reply,
        PressItemPage({
          ctx: viewOf(request),
          item,
          jsonLd: newsJsonLd(item, url, app.config.publicUrl),
        }),
      );
    },
  );

  const newPage: NewItemPage = (request, reply, values, problems, status) =>
    page(
      reply,
      PressFormPage({ ctx: formViewOf(request, reply), values, problems, ...choices(request) }),
      status,
    );

  /** The edit form of a press item, with the form of its translation into one other language. */
  const editPage: EditItemPage = async (request, reply, slug, options = {}) => {
    const { lang, saved } = options;
    const { row, input } = await newsInputOf(app.db, slug);
    const locale = translationLocale(row.language, lang, options.translation);
    return page(
      reply,
      PressFormPage({
        ctx: formViewOf(request, reply),
        item: { slug, title: input.title, language: row.language },
        values: options.values ?? {
          ...input,
          speakers_available: input.speakers_available ? '1' : '',
          contacts: input.contacts
            .map((c) =>
              [c.name, c.role, c.organisation, c.phone, c.email].map((x) => x ?? '').join(' | '),
            )
            .join('\n'),
          organisations: input.organisations.join('\n'),
        },
        problems: options.problems ?? [],
        ...choices(request),
        translation: {
          locale,
          values: options.translation?.values ?? (await newsTranslationOf(app.db, slug, locale)),
          problems: options.translation?.problems ?? [],
          saved: saved === 'translation',
        },
      }),
      options.status,
    );
  };

  registerContentEditor(app, {
    path: '/editor/press',
    body: newsForm,
    bodyLimit: CONTENT_FORM_LIMIT,
    blank: { kind: 'press-release', language: 'en' },
    newPage,
    create: (request, body) => createNews(app.db, request.actor, inputFromForm(body)),
    created: (slug) => `/press/${slug}`,
    editPage,
    update: (request, slug, body) => updateNews(app.db, request.actor, slug, inputFromForm(body)),
    updated: (_, slug) => `/press/${slug}`,
    translation: {
      fields: ['title', 'dateline', 'body', 'speakers_note'],
      save: (request, slug, locale, values) =>
        saveNewsTranslation(app.db, request.actor, slug, locale, values),
    },
  });
}
