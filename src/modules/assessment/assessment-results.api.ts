import { Type } from 'typebox';
import { problemResponse, readResponses } from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { DEFAULT_PER_PAGE, pageProperties } from '../practices/index.ts';
import { getOpenAssessment, listOpenAssessments } from './assessment-opendata.service.ts';
import { AssessmentDetailSchema, AssessmentListSchema } from './assessment-results.model.ts';
import {
  presentOpenAssessment,
  presentOpenAssessmentDetail,
} from './assessment-results.presenter.ts';

const ABOUT =
  'Only published assessments (accepted by the editors and shared by the city) are listed; private ones never are. Illustrative examples made for the demonstration are included with `illustrative: true`. The questions, their weights and the areas are those of the framework version named in `framework_version` (see /self-assessment/method).';

export async function assessmentApi(app: TypedApp) {
  app.get(
    '/api/v1/assessments',
    {
      config: { access: 'public' },
      schema: {
        tags: ['assessments'],
        summary: 'Cities’ published self-assessments, most recently published first',
        description: ABOUT,
        querystring: Type.Object({
          page: pageProperties.page,
          per_page: pageProperties.per_page,
        }),
        response: { 200: AssessmentListSchema, ...readResponses },
      },
    },
    async (request) => {
      const list = await listOpenAssessments(app.readDb, {
        // The schema's defaults fill these in; the types cannot tell.
        page: request.query.page ?? 1,
        perPage: request.query.per_page ?? DEFAULT_PER_PAGE,
      });
      return {
        total: list.total,
        page: list.page,
        per_page: list.perPage,
        results: list.items.map((a) => presentOpenAssessment(a, app.config.publicUrl)),
      };
    },
  );

  app.get(
    '/api/v1/assessments/:assessmentId',
    {
      config: { access: 'public' },
      schema: {
        tags: ['assessments'],
        summary: 'One published self-assessment: its scores by area and every answer',
        description: ABOUT,
        params: Type.Object({
          assessmentId: Type.String({
            pattern: '^[0-9]{1,9}$',
            description: 'The numeric id of the assessment, as listed by /api/v1/assessments.',
            examples: ['1'],
          }),
        }),
        response: {
          200: AssessmentDetailSchema,
          ...readResponses,
          404: problemResponse('No published self-assessment has this id.'),
        },
      },
    },
    async (request) => {
      const assessment = await getOpenAssessment(app.readDb, request.params.assessmentId);
      return presentOpenAssessmentDetail(assessment, app.config.publicUrl);
    },
  );
}
