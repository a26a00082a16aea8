import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { FieldProblem } from '../../core/errors.ts';
import { handleForm } from '../../core/http/form-outcome.ts';
import { localePath } from '../../core/http/locale.ts';
import { formViewOf, sendHtml } from '../../core/http/render.ts';
import { formBody, SlugParams, textField } from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import * as discussions from './discussion.service.ts';
import { SUBJECT_KINDS } from './discussion.table.ts';
import * as moderation from './discussion-moderation.service.ts';
import { CommentFormPage, ModerationPage, ReportPage } from './views/DiscussionPages.tsx';
import { postPathOf } from './views/DiscussionSection.tsx';

const FORM_LIMIT = 64 * 1024;
const idParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,8}$' }) });
const userParams = Type.Object({ userId: Type.String({ pattern: '^[1-9][0-9]{0,8}$' }) });
const commentBody = formBody({
  kind: textField({ max: 20 }),
  // The service's own limit, so that a text too long is told the limit shown under the field.
  body: textField({ max: discussions.BODY_MAX }),
  language: textField({ max: 35 }),
  parent: textField({ max: 12 }),
});
const choiceBody = (...names: string[]) =>
  Type.Object(
    Object.fromEntries(names.map((n) => [n, Type.Optional(Type.String({ maxLength: 40 }))])),
  );

/** What was typed, to show again beside the problems; never the CSRF token. */
function keep(body: Record<string, unknown>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(body))
    if (key !== '_csrf' && typeof value === 'string') result[key] = value;
  return result;
}

export async function discussionPages(app: TypedApp) {
  const noStore = (reply: FastifyReply, html: JSX.Element, status = 200) => {
    reply.header('cache-control', 'no-store');
    return sendHtml(reply, html, status);
  };
  const go = (request: FastifyRequest, reply: FastifyReply, path: string) =>
    reply.redirect(localePath(request.locale, path), 303);

  // ── Taking part ──
  for (const kind of SUBJECT_KINDS) {
    app.post(
      postPathOf(kind, ':slug'),
      {
        config: { access: 'signed-in' },
        bodyLimit: FORM_LIMIT,
        schema: { hide: true, params: SlugParams, body: commentBody },
      },
      async (request, reply) => {
        const { slug } = request.params;
        const body = request.body ?? {};
        const target = { kind, slug };
        return handleForm(request, reply, {
          run: () =>
            discussions.postComment(
              app.db,
              request.actor,
              request.locale,
              target,
              body,
              app.config.commentRateLimitPerHour,
            ),
          // A refusal that names its fields (a ban, a limit reached) is told beside the form.
          refuses: (error) => error.status < 500,
          onInvalid: async (problems, status) => {
            // The reply page again when the comment answered is still there; else the plain form.
            const parentId = Number(body.parent);
            const replyTo =
              Number.isInteger(parentId) && parentId > 0
                ? await discussions
                    .getCommentContext(app.db, request.locale, parentId)
                    .catch(() => undefined)
                : undefined;
            return noStore(
              reply,
              CommentFormPage({
                ctx: formViewOf(request, reply),
                subject:
                  replyTo?.subject ??
                  (await discussions.getSubjectForForm(app.db, request.locale, target)),
                action: postPathOf(kind, slug),
                languages: discussions.COMMENT_LANGUAGES,
                values: keep(body),
                problems,
                replyTo,
              }),
              status,
            );
          },
          onDone: (comment) => comment.path,
        });
      },
    );
  }

  app.get(
    '/discussions/comments/:id/reply',
    { config: { access: 'signed-in' }, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const comment = await discussions.getCommentContext(
        app.db,
        request.locale,
        Number(request.params.id),
      );
      return noStore(
        reply,
        CommentFormPage({
          ctx: formViewOf(request, reply),
          subject: comment.subject,
          action: postPathOf(comment.subject.kind, comment.subject.slug),
          languages: discussions.COMMENT_LANGUAGES,
          values: { language: request.locale },
          problems: [],
          replyTo: comment,
        }),
      );
    },
  );

  const reportPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: Record<string, string>,
    problems: FieldProblem[] = [],
    sent = false,
  ) =>
    noStore(
      reply,
      ReportPage({
        ctx: formViewOf(request, reply),
        comment: await discussions.getCommentContext(app.db, request.locale, id),
        values,
        problems,
        sent,
      }),
      problems.length > 0 ? 400 : 200,
    );

  app.get(
    '/discussions/comments/:id/report',
    {
      config: { access: 'signed-in' },
      schema: {
        hide: true,
        params: idParams,
        querystring: Type.Object({ sent: Type.Optional(Type.String({ maxLength: 1 })) }),
      },
    },
    async (request, reply) =>
      reportPage(request, reply, Number(request.params.id), {}, [], request.query.sent === '1'),
  );

  app.post(
    '/discussions/comments/:id/report',
    {
      config: { access: 'signed-in' },
      schema: { hide: true, params: idParams, body: choiceBody('reason') },
    },
    async (request, reply) => {
      const id = Number(request.params.id);
      const body = request.body ?? {};
      return handleForm(request, reply, {
        run: () => discussions.reportComment(app.db, request.actor, id, body),
        onInvalid: (problems) => reportPage(request, reply, id, keep(body), problems),
        // The reporter is told, on a page of its own and by email, that the editors have it.
        onDone: () => `/discussions/comments/${id}/report?sent=1`,
      });
    },
  );

  // ── Moderation ──
  const moderationPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    problems: FieldProblem[] = [],
  ) =>
    noStore(
      reply,
      ModerationPage({
        ctx: formViewOf(request, reply),
        queue: await moderation.getModerationQueue(app.db, request.actor, request.locale),
        problems,
      }),
      problems.length > 0 ? 400 : 200,
    );

  app.get(
    '/editor/discussions',
    { config: { access: 'editor' }, schema: { hide: true } },
    async (request, reply) => moderationPage(request, reply),
  );

  app.post(
    '/editor/discussions/comments/:id',
    {
      config: { access: 'editor' },
      schema: {
        hide: true,
        params: idParams,
        body: Type.Object({
          action: Type.Union(moderation.MODERATION_ACTIONS.map((a) => Type.Literal(a))),
        }),
      },
    },
    async (request, reply) => {
      const { action } = request.body;
      await moderation.moderateComment(app.db, request.actor, Number(request.params.id), action);
      return go(request, reply, '/editor/discussions');
    },
  );

  app.post(
    '/editor/discussions/bans',
    { config: { access: 'editor' }, schema: { hide: true, body: choiceBody('user', 'reason') } },
    async (request, reply) => {
      const body = request.body ?? {};
      return handleForm(request, reply, {
        run: () => moderation.banFromDiscussions(app.db, request.actor, body),
        onInvalid: (problems) => moderationPage(request, reply, problems),
        onDone: () => '/editor/discussions',
      });
    },
  );

  app.post(
    '/editor/discussions/bans/:userId/lift',
    { config: { access: 'editor' }, schema: { hide: true, params: userParams } },
    async (request, reply) => {
      const { userId } = request.params;
      await moderation.liftDiscussionBan(app.db, request.actor, Number(userId));
      return go(request, reply, '/editor/discussions');
    },
  );
}
