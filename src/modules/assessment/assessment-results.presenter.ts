import type { OpenAnswer, OpenAssessment } from './assessment-opendata.service.ts';
import type { AssessmentResult } from './assessment-results.service.ts';

/** Pure functions that pick the public fields: the database shape never reaches the API. */

export const resultUrl = (publicUrl: string, cityId: number, year: number) =>
  `${publicUrl}/cities/${cityId}/assessment/${year}`;

export function presentOpenAssessment(a: OpenAssessment, publicUrl: string) {
  return {
    id: a.id,
    url: resultUrl(publicUrl, a.city.id, a.year),
    city: {
      id: a.city.id,
      name: a.city.name,
      country: a.city.countryCode,
      url: `${publicUrl}/cities/${a.city.id}`,
    },
    year: a.year,
    framework_version: a.frameworkVersion,
    illustrative: a.illustrative,
    published_at: a.publishedAt,
    scores: a.scores,
  };
}

export function presentOpenAssessmentDetail(
  a: OpenAssessment & { answers: OpenAnswer[] },
  publicUrl: string,
) {
  return { ...presentOpenAssessment(a, publicUrl), answers: a.answers };
}

const figure = (f: AssessmentResult['areas'][number]['all']) =>
  f.shown
    ? { cities: f.n, median: f.median, p25: f.p25, p75: f.p75 }
    : { cities: f.n, median: null, p25: null, p75: null };

/** The result page's numbers as JSON: what the page shows, in the reader's language. */
export function presentResult(result: AssessmentResult, publicUrl: string) {
  return {
    url: resultUrl(publicUrl, result.city.id, result.year),
    city: {
      id: result.city.id,
      name: result.city.name,
      country: result.city.countryCode,
      url: `${publicUrl}/cities/${result.city.id}`,
    },
    year: result.year,
    framework_version: result.frameworkVersion,
    illustrative: result.illustrative,
    published: result.published,
    previous_year: result.previousYear,
    cities_like_this_one: {
      region: result.likeness.regionCode,
      size_band: result.likeness.sizeBand,
      foreign_born_band: result.likeness.foreignBornBand,
    },
    areas: result.areas.map((area) => ({
      id: area.id,
      title: area.title,
      score: area.score,
      change: area.change,
      cities_like_this_one: figure(area.like),
      all_cities: figure(area.all),
    })),
    facts: result.facts.map((f) => ({
      question_id: f.id,
      text: f.text,
      unit: f.unit,
      value: f.value,
      year: f.year,
      source: f.source,
      evidence_url: f.evidenceUrl,
    })),
    next_steps: result.nextSteps.map((step) => ({
      area_id: step.areaId,
      title: step.title,
      score: step.score,
      practices: step.practices.map((p) => ({
        title: p.title,
        url: `${publicUrl}/practices/${p.slug}`,
        evidence_level: p.evidenceLevel,
        peer_reviewed: p.peerReviewed,
      })),
    })),
  };
}
