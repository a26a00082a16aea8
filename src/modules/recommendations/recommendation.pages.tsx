import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { FieldProblem } from '../../core/errors.ts';
import { handleForm, typedValues } from '../../core/http/form-outcome.ts';
import { localePath } from '../../core/http/locale.ts';
import { formViewOf, sendHtml, viewOf } from '../../core/http/render.ts';
import {
  CONTENT_FORM_LIMIT,
  formBody,
  listField,
  SlugParams,
  textField,
} from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { LOCALES } from '../../core/i18n/locales.ts';
import { getTaxonomy } from '../taxonomy/index.ts';
import { RECOMMENDATIONS_PER_PAGE } from './recommendation.model.ts';
import * as recommendations from './recommendation.service.ts';
import type { RecommendationPagesOptions } from './recommendation.slots.ts';
import * as editing from './recommendation-editing.service.ts';
import { RecommendationFormPage } from './views/RecommendationEditorPages.tsx';
import {
  MatrixPage,
  RecommendationPage,
  RecommendationsPage,
} from './views/RecommendationPages.tsx';

/** The editor's forms' fields, bounded; the service checks what they mean. */
const recommendationForm = formBody({
  title: textField(),
  text: textField(),
  language: textField(),
  audiences: listField(),
  themes: listField(),
  source_event: textField(),
  source_resource: textField(),
  ...Object.fromEntries(
    LOCALES.flatMap((l) => [
      [`title_${l}`, textField()] as const,
      [`text_${l}`, textField()] as const,
    ]),
  ),
  practice: textField(),
  note: textField(),
});

/** What was typed, to show again beside the problems; never the CSRF token. */
function fieldText(value: unknown): string {
  return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0] ?? '') : '';
}

export async function recommendationPages(
  app: TypedApp,
  { slots = {}, sources }: RecommendationPagesOptions,
) {
  const editorPage = (reply: FastifyReply, html: JSX.Element, status = 200) => {
    reply.header('cache-control', 'no-store');
    return sendHtml(reply, html, status);
  };
  const go = (request: FastifyRequest, reply: FastifyReply, path: string) =>
    reply.redirect(localePath(request.locale, path), 303);
  const themeChoices = async (request: FastifyRequest) =>
    (await getTaxonomy(app.db, request.locale))
      .list('theme')
      .map((c) => ({ value: c.id, label: c.label }));

  app.get(
    '/recommendations',
    {
      config: { access: 'public', pageCache: true },
      schema: {
        hide: true,
        querystring: Type.Object({
          theme: Type.Optional(Type.String({ maxLength: 100 })),
          audience: Type.Optional(Type.String({ maxLength: 30 })),
          page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
        }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const filters = { theme: q.theme || undefined, audience: q.audience || undefined };
      const [list, themes] = await Promise.all([
        recommendations.listRecommendations(app.readDb, request.locale, {
          themes: filters.theme ? [filters.theme] : [],
          audiences: filters.audience ? [filters.audience] : [],
          page: q.page ?? 1,
          perPage: RECOMMENDATIONS_PER_PAGE,
        }),
        recommendations.listRecommendationThemes(app.readDb, request.locale),
      ]);
      const ctx = viewOf(request);
      if (ctx.can('recommendations.manage')) reply.header('cache-control', 'no-store');
      return sendHtml(
        reply,
        RecommendationsPage({
          ctx,
          list,
          filters,
          themes: themes.map((t) => ({ value: t.id, label: t.label })),
        }),
      );
    },
  );

  app.get(
    '/recommendations/matrix',
    { config: { access: 'public', pageCache: true }, schema: { hide: true } },
    async (request, reply) =>
      sendHtml(
        reply,
        MatrixPage({
          ctx: viewOf(request),
          matrix: await recommendations.getMatrix(app.readDb, request.locale),
        }),
      ),
  );

  app.get(
    '/recommendations/:slug',
    { config: { access: 'public', pageCache: true }, schema: { hide: true, params: SlugParams } },
    async (request, reply) => {
      const r = await recommendations.getRecommendation(
        app.readDb,
        request.locale,
        request.params.slug,
        sources,
      );
      const ctx = viewOf(request);
      if (ctx.can('recommendations.manage')) reply.header('cache-control', 'no-store');
      const panel = { db: app.readDb, request, ctx, recommendation: r };
      const end = await Promise.all((slots.end ?? []).map((p) => p(panel)));
      return sendHtml(reply, RecommendationPage({ ctx, r, end }));
    },
  );

  // ── Editors ──
  const newForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string | string[]>,
    problems: FieldProblem[] = [],
  ) =>
    editorPage(
      reply,
      RecommendationFormPage({
        ctx: formViewOf(request, reply),
        values,
        problems,
        themes: await themeChoices(request),
        sources: await editing.getSourceChoices(app.db, sources),
      }),
      problems.length > 0 ? 400 : 200,
    );

  app.get(
    '/editor/recommendations/new',
    { config: { access: 'editor' }, schema: { hide: true } },
    async (request, reply) => newForm(request, reply, { language: request.locale }),
  );

  app.post(
    '/editor/recommendations/new',
    {
      config: { access: 'editor' },
      bodyLimit: CONTENT_FORM_LIMIT,
      schema: { hide: true, body: recommendationForm },
    },
    async (request, reply) => {
      const body = request.body;
      return handleForm(request, reply, {
        run: () => editing.createRecommendation(app.db, request.actor, body, sources),
        onInvalid: (problems) => newForm(request, reply, typedValues(body), problems),
        onDone: (value) => `/recommendations/${value.slug}`,
      });
    },
  );

  const editForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    /** The search for practices to link, from the edit page's address. */
    search: string | undefined,
    options: {
      values?: Record<string, string | string[]>;
      problems?: FieldProblem[];
      linkValues?: Record<string, string>;
      linkProblems?: FieldProblem[];
    } = {},
  ) => {
    const q = (search ?? '').trim();
    const { values, detail } = await editing.getRecommendationForEditor(
      app.db,
      request.actor,
      request.locale,
      slug,
      sources,
    );
    const found = q
      ? await editing.findLinkablePractices(app.db, request.actor, request.locale, q)
      : undefined;
    const problems = options.problems ?? [];
    const linkProblems = options.linkProblems ?? [];
    return editorPage(
      reply,
      RecommendationFormPage({
        ctx: formViewOf(request, reply),
        detail,
        values: options.values ?? values,
        problems,
        themes: await themeChoices(request),
        sources: await editing.getSourceChoices(app.db, sources),
        link: { values: options.linkValues ?? {}, problems: linkProblems, q, found },
      }),
      problems.length > 0 || linkProblems.length > 0 ? 400 : 200,
    );
  };

  app.get(
    '/editor/recommendations/:slug/edit',
    {
      config: { access: 'editor' },
      schema: {
        hide: true,
        params: SlugParams,
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })) }),
      },
    },
    async (request, reply) => editForm(request, reply, request.params.slug, request.query.q),
  );

  app.post(
    '/editor/recommendations/:slug/edit',
    {
      config: { access: 'editor' },
      bodyLimit: CONTENT_FORM_LIMIT,
      schema: { hide: true, params: SlugParams, body: recommendationForm },
    },
    async (request, reply) => {
      const body = request.body;
      return handleForm(request, reply, {
        run: () =>
          editing.updateRecommendation(app.db, request.actor, request.params.slug, body, sources),
        onInvalid: (problems) =>
          editForm(request, reply, request.params.slug, undefined, {
            values: typedValues(body),
            problems,
          }),
        onDone: (value) => `/recommendations/${value.slug}`,
      });
    },
  );

  app.post(
    '/editor/recommendations/:slug/practices',
    {
      config: { access: 'editor' },
      bodyLimit: CONTENT_FORM_LIMIT,
      schema: { hide: true, params: SlugParams, body: recommendationForm },
    },
    async (request, reply) => {
      const body = request.body;
      const { slug } = request.params;
      return handleForm(request, reply, {
        run: () =>
          editing.linkPractice(app.db, request.actor, slug, {
            practice: fieldText(body.practice),
            note: fieldText(body.note),
          }),
        onInvalid: (problems) =>
          editForm(request, reply, request.params.slug, undefined, {
            linkValues: { practice: fieldText(body.practice), note: fieldText(body.note) },
            linkProblems: problems,
          }),
        onDone: () => `/editor/recommendations/${slug}/edit#evidence-heading`,
      });
    },
  );

  app.post(
    '/editor/recommendations/:slug/practices/:practice/delete',
    {
      config: { access: 'editor' },
      bodyLimit: CONTENT_FORM_LIMIT,
      schema: {
        hide: true,
        params: Type.Object({
          slug: Type.String({ maxLength: 200 }),
          practice: Type.String({ maxLength: 200 }),
        }),
      },
    },
    async (request, reply) => {
      const { slug, practice } = request.params;
      await editing.unlinkPractice(app.db, request.actor, slug, practice);
      return go(request, reply, `/editor/recommendations/${slug}/edit#evidence-heading`);
    },
  );
}
