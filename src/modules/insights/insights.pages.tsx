import { Type } from 'typebox';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { sendHtml, viewOf } from '../../core/http/render.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { translator } from '../../core/i18n/i18n.ts';
import { isLocale } from '../../core/i18n/locales.ts';
import { contentDisposition } from '../files/index.ts';
import { getInsights, getInsightsTable, isSection } from './insights.service.ts';
import { insightsCsv } from './insights-csv.ts';
import { InsightsPage } from './views/InsightsPage.tsx';

const csvParams = Type.Object({ file: Type.String({ maxLength: 30 }) });
const csvQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 35 })) });

/** The editors' view of what is missing: one page of tables, each also as a CSV file. */
export async function insightsPages(app: TypedApp) {
  app.get(
    '/editor/insights',
    { config: { access: 'editor' }, schema: { hide: true } },
    async (request, reply) => {
      const tables = await getInsights(app.db, request.actor, request.locale);
      reply.header('cache-control', 'no-store');
      return sendHtml(reply, InsightsPage({ ctx: viewOf(request), tables }));
    },
  );

  app.get(
    '/editor/insights/:file',
    {
      config: { access: 'editor' },
      schema: { hide: true, params: csvParams, querystring: csvQuery },
    },
    async (request, reply) => {
      const section = /^([a-z]+)\.csv$/.exec(request.params.file)?.[1];
      if (section === undefined || !isSection(section))
        throw new NotFoundError('insights_not_found', 'There is no such table.');
      const { lang } = request.query;
      if (lang !== undefined && !isLocale(lang))
        throw new ValidationError([
          { field: 'lang', message: `unknown language "${lang}": use ar, en, es, fr, ru or zh` },
        ]);
      // The address's language prefix chooses the column names; ?lang= may choose another.
      const locale = lang ?? request.locale;
      const table = await getInsightsTable(app.db, request.actor, locale, section);
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', contentDisposition('attachment', `${section}.csv`))
        .type('text/csv; charset=utf-8; header=present')
        .send(insightsCsv(table, locale, translator(locale), app.config.publicUrl));
    },
  );
}
