import { Type } from 'typebox';
import { ProblemSchema, problemResponse, readResponses } from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { DEFAULT_LOCALE, isLocale } from '../../core/i18n/locales.ts';
import {
  OrganisationChangeHeldSchema,
  OrganisationCreateBody,
  OrganisationDetailSchema,
  OrganisationListQuery,
  OrganisationListSchema,
  OrganisationPatchBody,
  OrganisationVerifiedBody,
} from './organisation.model.ts';
import {
  presentHeldOrganisationChange,
  presentOrganisationDetail,
  presentOrganisationList,
} from './organisation.presenter.ts';
import { getOrganisationDetail, listOrganisations } from './organisation.service.ts';
import type { OrganisationApiOptions } from './organisation.slots.ts';
import {
  createOrganisation,
  editOrganisation,
  setOrganisationVerified,
} from './organisation-editing.service.ts';

/** The example is a founding organisation (see ensureFoundingOrganisations), present on every site. */
const slugParams = Type.Object({
  organisationSlug: Type.String({
    maxLength: 200,
    examples: ['international-organization-for-migration'],
  }),
});
const langQuery = Type.Object({
  lang: OrganisationListQuery.properties.lang,
});

const writeResponses = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  409: ProblemSchema,
};

export async function organisationApi(app: TypedApp, { countPractices }: OrganisationApiOptions) {
  app.get(
    '/api/v1/organisations',
    {
      config: { access: 'public' },
      schema: {
        tags: ['organisations'],
        summary: 'The directory of organisations, filtered and paginated',
        description:
          'Ordered by name. `type` is an actor-type concept id (see /api/v1/taxonomy), `country` an ISO code, `q` part of the name (case and accents ignored).',
        querystring: OrganisationListQuery,
        response: { 200: OrganisationListSchema, ...readResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const result = await listOrganisations(
        app.readDb,
        isLocale(q.lang) ? q.lang : DEFAULT_LOCALE,
        {
          type: q.type || undefined,
          country: q.country || undefined,
          verified: q.verified,
          q: q.q,
          // The schema's defaults fill the page and its size in.
          page: q.page ?? 1,
          perPage: q.per_page ?? 20,
        },
        countPractices,
      );
      return presentOrganisationList(result, app.config.publicUrl);
    },
  );

  app.get(
    '/api/v1/organisations/:organisationSlug',
    {
      config: { access: 'public' },
      schema: {
        tags: ['organisations'],
        summary: 'One organisation, by slug',
        description: 'Members appear by name only, and only those who chose to be listed.',
        params: slugParams,
        querystring: langQuery,
        response: {
          200: OrganisationDetailSchema,
          ...readResponses,
          404: problemResponse('No organisation has this slug.'),
        },
      },
    },
    async (request) => {
      const { organisationSlug: slug } = request.params;
      const { lang } = request.query;
      const organisation = await getOrganisationDetail(
        app.readDb,
        isLocale(lang) ? lang : DEFAULT_LOCALE,
        slug,
        countPractices,
      );
      return presentOrganisationDetail(organisation, app.config.publicUrl);
    },
  );

  app.post(
    '/api/v1/organisations',
    {
      config: { access: 'api-write' },
      schema: {
        tags: ['organisations'],
        summary: 'Add an organisation to the directory',
        description:
          "Needs an API token with the write scope. The organisation starts unverified and the token's owner becomes its admin. A name already used in the same country is refused with 409.",
        body: OrganisationCreateBody,
        response: { 201: OrganisationDetailSchema, ...writeResponses },
      },
    },
    async (request, reply) => {
      const { slug } = await createOrganisation(app.db, request.actor, request.body);
      reply.status(201).header('location', `${app.config.publicUrl}/api/v1/organisations/${slug}`);
      return presentOrganisationDetail(
        await getOrganisationDetail(app.db, DEFAULT_LOCALE, slug, countPractices),
        app.config.publicUrl,
      );
    },
  );

  app.patch(
    '/api/v1/organisations/:organisationSlug',
    {
      config: { access: 'api-write' },
      schema: {
        tags: ['organisations'],
        summary: "Change an organisation's profile",
        description:
          "Members of the organisation and editors only. Fields left out keep their value; null clears country, city or website; each language given in `descriptions` is replaced. When published practices name the organisation, a member's change waits for an editor's approval: the answer is then 202, with the profile as it still stands.",
        params: slugParams,
        body: OrganisationPatchBody,
        response: {
          200: OrganisationDetailSchema,
          202: OrganisationChangeHeldSchema,
          ...writeResponses,
          404: problemResponse('No organisation has this slug.'),
        },
      },
    },
    async (request, reply) => {
      const { organisationSlug: slug } = request.params;
      const { held } = await editOrganisation(
        app.db,
        request.actor,
        slug,
        request.body,
        countPractices,
      );
      const organisation = presentOrganisationDetail(
        await getOrganisationDetail(app.db, DEFAULT_LOCALE, slug, countPractices),
        app.config.publicUrl,
      );
      if (!held) return organisation;
      reply.status(202);
      return presentHeldOrganisationChange(organisation);
    },
  );

  app.put(
    '/api/v1/organisations/:organisationSlug/verified',
    {
      config: { access: 'api-write' },
      schema: {
        tags: ['organisations'],
        summary: 'Give or take away the "verified" mark',
        description:
          'Editors only, with an API token with the write scope: the mark says the editors checked that the organisation is who it says it is. Setting the mark it already has changes nothing.',
        params: slugParams,
        body: OrganisationVerifiedBody,
        response: {
          200: OrganisationDetailSchema,
          ...writeResponses,
          404: problemResponse('No organisation has this slug.'),
        },
      },
    },
    async (request) => {
      const { organisationSlug: slug } = request.params;
      await setOrganisationVerified(app.db, request.actor, slug, request.body.verified);
      return presentOrganisationDetail(
        await getOrganisationDetail(app.db, DEFAULT_LOCALE, slug, countPractices),
        app.config.publicUrl,
      );
    },
  );
}
