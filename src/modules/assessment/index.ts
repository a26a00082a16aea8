// City self-assessments: the framework and its scoring, filling in, editors' checks, results
// compared with peers and the practices that address the weakest areas.

export { mayActForCity } from './assessment.service.ts';
export type { ScoredAnswer } from './assessment-scoring.ts';
export { scoreAssessment } from './assessment-scoring.ts';
export type { Framework, FrameworkArea, FrameworkQuestion } from './framework.model.ts';
export { currentFramework, frameworkVersions, loadFramework } from './framework.ts';
