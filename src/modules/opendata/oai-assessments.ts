import { loadFramework, type OpenAssessment } from '../assessment/index.ts';
import { toDatestamp } from './oai-protocol.ts';
import { dcElement, element, oaiDc, repositoryHost, textElement } from './oai-xml.ts';

/**
 * The OAI-PMH set of published city self-assessments: their identifiers and their records in
 * oai_dc (titles and scores in English, as the records are tagged). Which assessments are in the
 * set, and when, is the assessment module's to say (`listOpenAssessmentsAfter`).
 */

export const ASSESSMENT_SET = 'assessments';

/** What a record needs besides the assessment. */
export interface AssessmentRecordContext {
  publicUrl: string;
  rightsUrl: string;
  publisher: string;
  countryName: (code: string) => string;
}

export function assessmentIdentifier(publicUrl: string, cityId: number, year: number): string {
  return `oai:${repositoryHost(publicUrl)}:assessment/${cityId}-${year}`;
}

/** The city and year an assessment identifier names, in the one spelling this repository writes. */
export function assessmentKeyOf(
  publicUrl: string,
  identifier: string,
): { cityId: number; year: number } | undefined {
  const prefix = `oai:${repositoryHost(publicUrl)}:assessment/`;
  if (!identifier.startsWith(prefix)) return undefined;
  const match = /^([1-9]\d{0,8})-(\d{4})$/.exec(identifier.slice(prefix.length));
  return match ? { cityId: Number(match[1]), year: Number(match[2]) } : undefined;
}

function assessmentUrl(publicUrl: string, a: OpenAssessment): string {
  return `${publicUrl}/cities/${a.city.id}/assessment/${a.year}`;
}

/** The framework version and every area's score on one line, areas named in English. */
function scoresLine(a: OpenAssessment): string {
  let titles = new Map<string, string>();
  try {
    titles = new Map(
      loadFramework(a.frameworkVersion).areas.map((area) => [area.id, area.title.en]),
    );
  } catch {
    // A version no longer shipped: the area ids still say which area is meant.
  }
  const scores = Object.entries(a.scores).map(
    ([id, score]) => `${titles.get(id) ?? id} ${score === null ? 'not scored' : score}`,
  );
  const line = `Self-assessment against version ${a.frameworkVersion} of the framework; scores out of 100: ${scores.join('; ')}.`;
  return a.illustrative ? `Illustrative example, not a real city's result. ${line}` : line;
}

function assessmentDublinCore(ctx: AssessmentRecordContext, a: OpenAssessment): string {
  const url = assessmentUrl(ctx.publicUrl, a);
  return oaiDc([
    ...dcElement('title', `City self-assessment ${a.year}: ${a.city.name}`, 'en'),
    ...dcElement('description', scoresLine(a), 'en'),
    ...dcElement('publisher', ctx.publisher),
    ...dcElement('date', String(a.year)),
    ...dcElement('type', 'Dataset'),
    ...dcElement('identifier', url),
    ...dcElement('identifier', `${url}.json`),
    ...dcElement('language', 'en'),
    ...dcElement('coverage', a.city.name),
    ...dcElement('coverage', ctx.countryName(a.city.countryCode), 'en'),
    ...dcElement('rights', ctx.rightsUrl),
  ]);
}

export function assessmentHeader(ctx: AssessmentRecordContext, a: OpenAssessment): string {
  return element('header', [
    textElement('identifier', assessmentIdentifier(ctx.publicUrl, a.city.id, a.year)),
    textElement('datestamp', toDatestamp(a.publishedAt)),
    textElement('setSpec', ASSESSMENT_SET),
  ]);
}

export function assessmentRecord(ctx: AssessmentRecordContext, a: OpenAssessment): string {
  return element('record', [
    assessmentHeader(ctx, a),
    element('metadata', [assessmentDublinCore(ctx, a)]),
  ]);
}
