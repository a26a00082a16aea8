import type { FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { translator } from '../../core/i18n/i18n.ts';
import {
  type Citation,
  citationFilename,
  getCitation,
  toBibTeX,
  toCslJson,
} from './citation.service.ts';

const params = Type.Object({ slug: Type.String({ maxLength: 200 }) });
const querystring = Type.Object({
  /** A published version; without it, the practice as it is now. */
  version: Type.Optional(Type.String({ maxLength: 12 })),
  /** The language of the title, as on the page (`?lang=` there). */
  lang: Type.Optional(Type.String({ maxLength: 35 })),
});

/**
 * Citations of a practice to download, for reference managers:
 *
 *   GET /practices/welcome-desk/cite.bib?version=2   BibTeX @misc entry
 *   GET /practices/welcome-desk/cite.json            CSL-JSON (Zotero, Pandoc, citeproc)
 */
export async function citationRoutes(app: TypedApp): Promise<void> {
  const citation = (
    request: FastifyRequest & {
      params: Static<typeof params>;
      query: Static<typeof querystring>;
    },
  ): Promise<Citation> => {
    const { slug } = request.params;
    const { version, lang } = request.query;
    return getCitation(app.readDb, request.locale, {
      slug,
      version,
      lang,
      publicUrl: app.config.publicUrl,
      siteName: translator(request.locale)('site.name'),
    });
  };
  const schema = { hide: true, params, querystring };

  app.get(
    '/practices/:slug/cite.bib',
    { config: { access: 'public' }, schema },
    async (request, reply) => {
      const cited = await citation(request);
      return reply
        .type('application/x-bibtex; charset=utf-8')
        .header('content-disposition', `attachment; filename="${citationFilename(cited, 'bib')}"`)
        .send(toBibTeX(cited));
    },
  );

  app.get(
    '/practices/:slug/cite.json',
    { config: { access: 'public' }, schema },
    async (request, reply) => {
      const cited = await citation(request);
      // JSON is UTF-8 by definition (RFC 8259): sent as bytes, so no charset parameter is added.
      return reply
        .type('application/vnd.citationstyles.csl+json')
        .header('content-disposition', `attachment; filename="${citationFilename(cited, 'json')}"`)
        .send(Buffer.from(`${JSON.stringify(toCslJson(cited), null, 2)}\n`, 'utf8'));
    },
  );
}
