import { Type } from 'typebox';
import { ProblemSchema } from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { presentSubmissionReceipt } from './review.presenter.ts';
import { submitFromApi } from './submission.service.ts';

const SubmissionReceipt = Type.Object({
  id: Type.Integer(),
  state: Type.String(),
  url: Type.String({ description: 'Where the author follows the submission on the site.' }),
});

export async function reviewApi(app: TypedApp) {
  app.post(
    '/api/v1/submissions',
    {
      config: { access: 'api-write' },
      bodyLimit: 512 * 1024,
      schema: {
        tags: ['submissions'],
        summary: 'Propose a practice for peer review',
        description:
          'Needs an API token with the write scope. The body is a practice in the interchange format (without evidence_level, which the editors set), plus contact_name, contact_email, the checklist (relates, implemented, results, contact, consent: each true) and optionally the slug of an open call. The practice goes to the editors at once; every problem is listed in `errors`. One account sends a limited number of practices an hour (form and API together, 5 by default); past it the answer is 429 with Retry-After, and nothing is kept.',
        body: Type.Object(
          {
            title: Type.String({ maxLength: 300 }),
            contact_name: Type.String({ maxLength: 200 }),
            contact_email: Type.String({ maxLength: 254 }),
            checklist: Type.Object({
              relates: Type.Boolean(),
              implemented: Type.Boolean(),
              results: Type.Boolean(),
              contact: Type.Boolean(),
              consent: Type.Boolean(),
            }),
            call: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: true },
        ),
        response: {
          201: SubmissionReceipt,
          400: ProblemSchema,
          403: ProblemSchema,
          409: ProblemSchema,
          429: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const receipt = await submitFromApi(
        app.db,
        request.actor,
        request.body,
        app.config.submissionRateLimitPerHour,
      );
      reply.status(201);
      return presentSubmissionReceipt(receipt, app.config.publicUrl);
    },
  );
}
