import { Type } from 'typebox';
import { problemResponse, readResponses } from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { DEFAULT_LOCALE } from '../../core/i18n/locales.ts';
import {
  ExpertListSchema,
  ExpertsQuery,
  expertFiltersFrom,
  LangQuery,
  PersonDetailSchema,
} from './people.model.ts';
import { presentExpertList, presentPersonDetail } from './people.presenter.ts';
import { DEFAULT_PER_PAGE, getPersonPage, listExperts } from './people.service.ts';

export async function peopleApi(app: TypedApp) {
  app.get(
    '/api/v1/experts',
    {
      config: { access: 'public' },
      schema: {
        tags: ['people'],
        summary: 'People who chose to list a public profile, filtered and paginated',
        description:
          'Ordered by name. Repeat a filter for OR; different filters combine with AND. Only what each person chose to make public; never an email address.',
        querystring: Type.Object({ ...ExpertsQuery.properties, ...LangQuery.properties }),
        response: { 200: ExpertListSchema, ...readResponses },
      },
    },
    async (request) => {
      const q = request.query;
      // The schema's defaults fill the page and its size in.
      const result = await listExperts(app.readDb, q.lang ?? DEFAULT_LOCALE, {
        filters: expertFiltersFrom(q),
        page: q.page ?? 1,
        perPage: q.per_page ?? DEFAULT_PER_PAGE,
      });
      return presentExpertList(result, app.config.publicUrl);
    },
  );

  app.get(
    '/api/v1/people/:personId',
    {
      config: { access: 'public' },
      schema: {
        tags: ['people'],
        summary: "One person's public profile, by id",
        description:
          'Only listed profiles are found: an unknown id and an unlisted profile answer the same 404. `contact_url` is the page for writing to them.',
        params: Type.Object({
          personId: Type.String({ maxLength: 20, examples: ['1'] }),
        }),
        querystring: LangQuery,
        response: {
          200: PersonDetailSchema,
          ...readResponses,
          404: problemResponse('No listed person has this id.'),
        },
      },
    },
    async (request) => {
      const { personId } = request.params;
      const { lang } = request.query;
      const { person, practices } = await getPersonPage(
        app.readDb,
        lang ?? DEFAULT_LOCALE,
        personId,
      );
      return presentPersonDetail(person, practices, app.config.publicUrl);
    },
  );
}
