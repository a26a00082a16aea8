import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { FieldProblem } from '../../core/errors.ts';
import { acceptedBody, handleForm, typedValues } from '../../core/http/form-outcome.ts';
import { localePath } from '../../core/http/locale.ts';
import { formViewOf, sendHtml } from '../../core/http/render.ts';
import { CONTENT_FORM_LIMIT, formBody, textField } from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { SECTION_KEYS } from '../practices/index.ts';
import { machineTranslator } from './machine-translation.ts';
import {
  FIELD_LIMITS,
  getTranslationForReview,
  getTranslationQueue,
  listOwnTranslations,
  MESSAGE_MAX,
  openTranslation,
  publishTranslation,
  returnTranslation,
  saveTranslation,
  type TranslationField,
  type TranslationIntent,
} from './translation.service.ts';
import {
  OwnTranslationsPage,
  TranslationQueuePage,
  TranslationReviewPage,
  TranslatorPage,
} from './views/TranslationPages.tsx';

const translateParams = Type.Object({
  slug: Type.String({ maxLength: 200 }),
  lang: Type.String({ pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$', maxLength: 35 }),
});
const translateQuery = Type.Object({
  done: Type.Optional(Type.String({ maxLength: 10 })),
});
const idParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,8}$' }) });
const translationForm = formBody(
  {
    title: textField({ max: FIELD_LIMITS.title }),
    summary: textField({ max: FIELD_LIMITS.summary }),
    ...Object.fromEntries(SECTION_KEYS.map((key) => [key, textField({ max: FIELD_LIMITS[key] })])),
    intent: textField({ max: 10 }),
  },
  { others: 'bounded' },
);
const returnForm = formBody({ message: textField({ max: MESSAGE_MAX }) }, { others: 'bounded' });
const publishForm = formBody({}, { others: 'bounded' });

function intentOf(value: unknown): TranslationIntent {
  return value === 'submit' || value === 'machine' ? value : 'save';
}

function noStore(reply: FastifyReply, html: JSX.Element, status = 200) {
  reply.header('cache-control', 'no-store');
  return sendHtml(reply, html, status);
}

const translatePath = (slug: string, lang: string) =>
  `/practices/${slug}/translate/${encodeURIComponent(lang)}`;

/** Members translating practices, and the editors publishing their translations. */
export async function translationPages(app: TypedApp) {
  const machine = app.config.translate ? machineTranslator(app.config.translate) : undefined;

  const translatorPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    params: { slug: string; lang: string },
    options: {
      values?: Record<string, string>;
      problems?: FieldProblem[];
      machineFilled?: TranslationField[];
      done?: string;
      status?: number;
    } = {},
  ) => {
    const workspace = await openTranslation(
      app.db,
      request.actor,
      request.locale,
      params.slug,
      params.lang,
    );
    return noStore(
      reply,
      TranslatorPage({
        ctx: formViewOf(request, reply),
        workspace,
        action: translatePath(params.slug, params.lang),
        values: options.values ?? workspace.draft.values,
        problems: options.problems ?? [],
        machineOffered: machine !== undefined,
        machineFilled: options.machineFilled ?? [],
        done: options.done,
      }),
      options.status,
    );
  };

  app.get(
    '/practices/:slug/translate/:lang',
    {
      config: { access: 'signed-in' },
      schema: { hide: true, params: translateParams, querystring: translateQuery },
    },
    async (request, reply) =>
      translatorPage(request, reply, request.params, { done: request.query.done }),
  );

  app.post(
    '/practices/:slug/translate/:lang',
    {
      config: { access: 'signed-in' },
      bodyLimit: CONTENT_FORM_LIMIT,
      schema: { hide: true, params: translateParams, body: translationForm },
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const intent = intentOf(body.intent);
      const { slug, lang } = request.params;
      return handleForm(request, reply, {
        run: () =>
          saveTranslation(app.db, request.actor, request.locale, slug, lang, body, intent, machine),
        onInvalid: (problems, status) =>
          translatorPage(request, reply, request.params, {
            values: typedValues(body) as Record<string, string>,
            problems,
            status,
          }),
        // The machine's text is shown at once, each field it filled labelled as such.
        onDone: (saved) =>
          intent === 'machine'
            ? translatorPage(request, reply, request.params, {
                values: saved.values,
                machineFilled: saved.machineFilled,
                done: 'machine',
              })
            : `${translatePath(slug, lang)}?done=${intent === 'submit' ? 'sent' : 'saved'}`,
      });
    },
  );

  app.get(
    '/account/translations',
    { config: { access: 'signed-in' }, schema: { hide: true } },
    async (request, reply) =>
      noStore(
        reply,
        OwnTranslationsPage({
          ctx: formViewOf(request, reply),
          translations: await listOwnTranslations(app.db, request.actor),
        }),
      ),
  );

  app.get(
    '/editor/translations',
    { config: { access: 'editor' }, schema: { hide: true, querystring: translateQuery } },
    async (request, reply) =>
      noStore(
        reply,
        TranslationQueuePage({
          ctx: formViewOf(request, reply),
          queue: await getTranslationQueue(app.db, request.actor),
          done: request.query.done,
        }),
      ),
  );

  const reviewPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: Record<string, string> = {},
    problems: FieldProblem[] = [],
    status = 200,
  ) =>
    noStore(
      reply,
      TranslationReviewPage({
        ctx: formViewOf(request, reply),
        view: await getTranslationForReview(app.db, request.actor, request.locale, id),
        values,
        problems,
      }),
      status,
    );

  app.get(
    '/editor/translations/:id',
    { config: { access: 'editor' }, schema: { hide: true, params: idParams } },
    async (request, reply) => reviewPage(request, reply, Number(request.params.id)),
  );

  app.post(
    '/editor/translations/:id/publish',
    {
      config: { access: 'editor' },
      bodyLimit: CONTENT_FORM_LIMIT,
      schema: { hide: true, params: idParams, body: publishForm },
    },
    async (request, reply) => {
      acceptedBody(request);
      const { slug, locale } = await publishTranslation(
        app.db,
        request.actor,
        request.locale,
        Number(request.params.id),
      );
      return reply.redirect(
        localePath(request.locale, `/practices/${slug}?lang=${encodeURIComponent(locale)}`),
        303,
      );
    },
  );

  app.post(
    '/editor/translations/:id/return',
    {
      config: { access: 'editor' },
      bodyLimit: CONTENT_FORM_LIMIT,
      schema: { hide: true, params: idParams, body: returnForm },
    },
    async (request, reply) => {
      const id = Number(request.params.id);
      const body = request.body ?? {};
      return handleForm(request, reply, {
        run: () => returnTranslation(app.db, request.actor, request.locale, id, body),
        onInvalid: (problems, status) =>
          reviewPage(
            request,
            reply,
            id,
            typedValues(body) as Record<string, string>,
            problems,
            status,
          ),
        onDone: () => '/editor/translations?done=returned',
      });
    },
  );
}
