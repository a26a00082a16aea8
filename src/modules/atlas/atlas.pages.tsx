import { sendHtml, viewOf } from '../../core/http/render.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { getAssessmentCoverage } from '../assessment/index.ts';
import { getCoverage } from './atlas.service.ts';
import { CoveragePage } from './views/CoveragePage.tsx';

export async function atlasPages(app: TypedApp) {
  app.get(
    '/coverage',
    { config: { access: 'public', pageCache: true }, schema: { hide: true } },
    async (request, reply) => {
      const [coverage, assessments] = await Promise.all([
        getCoverage(app.readDb, request.locale),
        getAssessmentCoverage(app.readDb, request.locale),
      ]);
      return sendHtml(reply, CoveragePage({ ctx: viewOf(request), coverage, assessments }));
    },
  );
}
