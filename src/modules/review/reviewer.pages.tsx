import { handleForm, typedValues } from '../../core/http/form-outcome.ts';
import { formViewOf } from '../../core/http/render.ts';
import { formBody, textField } from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import {
  declareInterests,
  getAssignment,
  listMyAssignments,
  saveReviewDraft,
  submitReview,
} from './review-assignment.service.ts';
import { FORM_LIMIT, flat, idOf, idParams, sendPrivate } from './review-pages.shared.ts';
import { REVIEW_MESSAGE_MAX, SCORES } from './submission.model.ts';
import { AssignmentPage, ReviewDashboard } from './views/ReviewPages.tsx';

const declarationForm = formBody(
  { conflict: textField(), statement: textField() },
  { others: 'bounded' },
);
const reviewForm = formBody(
  {
    ...Object.fromEntries(SCORES.map((score) => [`score_${score}`, textField()])),
    proposed_evidence_level: textField(),
    recommendation: textField(),
    // The service's own limit, so that a text too long is told the limit shown under the field.
    message_to_author: textField({ max: REVIEW_MESSAGE_MAX }),
    message_to_editor: textField({ max: REVIEW_MESSAGE_MAX }),
  },
  { others: 'bounded' },
);

/** The reviewers' pages: their assignments, the declaration of interests and the review. */
export async function reviewerPages(app: TypedApp) {
  app.get(
    '/review',
    { config: { access: 'signed-in' }, schema: { hide: true } },
    async (request, reply) => {
      const assignments = await listMyAssignments(app.db, request.actor);
      return sendPrivate(reply, ReviewDashboard({ ctx: formViewOf(request, reply), assignments }));
    },
  );

  app.get(
    '/review/assignments/:id',
    { config: { access: 'signed-in' }, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const assignment = await getAssignment(app.db, request.actor, idOf(request));
      return sendPrivate(reply, AssignmentPage({ ctx: formViewOf(request, reply), assignment }));
    },
  );

  app.post(
    '/review/assignments/:id/declare',
    {
      config: { access: 'signed-in' },
      bodyLimit: FORM_LIMIT,
      schema: { hide: true, params: idParams, body: declarationForm },
    },
    async (request, reply) => {
      const id = idOf(request);
      const { body } = request;
      return handleForm(request, reply, {
        run: () =>
          declareInterests(app.db, request.actor, id, {
            conflict: body.conflict,
            statement: body.statement,
          }),
        onInvalid: async (problems, status) => {
          const assignment = await getAssignment(app.db, request.actor, id);
          return sendPrivate(
            reply,
            AssignmentPage({
              ctx: formViewOf(request, reply),
              assignment,
              problems,
              values: flat(typedValues(body)),
            }),
            status,
          );
        },
        onDone: () => `/review/assignments/${id}`,
      });
    },
  );

  // The review form has two buttons: keep a draft, or send the review. Both show the form again
  // with the problems, or go back to the assignment.
  for (const [action, run, after] of [
    ['draft', saveReviewDraft, '#review-heading'],
    ['review', submitReview, ''],
  ] as const) {
    app.post(
      `/review/assignments/:id/${action}`,
      {
        config: { access: 'signed-in' },
        bodyLimit: FORM_LIMIT,
        schema: { hide: true, params: idParams, body: reviewForm },
      },
      async (request, reply) => {
        const id = idOf(request);
        const { body } = request;
        return handleForm(request, reply, {
          run: () => run(app.db, request.actor, id, body),
          onInvalid: async (problems, status) => {
            const assignment = await getAssignment(app.db, request.actor, id);
            return sendPrivate(
              reply,
              AssignmentPage({
                ctx: formViewOf(request, reply),
                assignment,
                problems,
                values: flat(typedValues(body)),
              }),
              status,
            );
          },
          onDone: () => `/review/assignments/${id}${after}`,
        });
      },
    );
  }
}
