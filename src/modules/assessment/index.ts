// City self-assessments: the framework and its scoring, filling in, editors' checks, results
// compared with peers and the practices that address the weakest areas.

export { assessmentPages } from './assessment.pages.tsx';
export {
  assessmentDataSection,
  keepAssessmentMessagesOfDeletedAccount,
  mayActForCity,
} from './assessment.service.ts';
export { type AssessmentCoverage, getAssessmentCoverage } from './assessment-coverage.service.ts';
export { type DemoAssessments, loadDemoAssessments } from './assessment-demo.ts';
export { assessmentEditorPages } from './assessment-editor.pages.tsx';
export {
  countOpenAssessments,
  exportOpenAssessments,
  findEarliestAssessmentPublication,
  findOpenAssessmentOfCity,
  listOpenAssessments,
  listOpenAssessmentsAfter,
  type OpenAssessment,
  type PublicationRange,
} from './assessment-opendata.service.ts';
export { regionMedians } from './assessment-peers.ts';
export { assessmentApi } from './assessment-results.api.ts';
export { AssessmentDetailSchema } from './assessment-results.model.ts';
export { assessmentResultPages } from './assessment-results.pages.tsx';
export { cityAssessmentPanel } from './assessment-results.panels.tsx';
export { presentOpenAssessmentDetail } from './assessment-results.presenter.ts';
export { listPublishedScores } from './assessment-results.repository.ts';
export { listResultsOfCity, parseScores } from './assessment-results.service.ts';
export { countAssessmentQueue } from './assessment-review.service.ts';
export type { ScoredAnswer } from './assessment-scoring.ts';
export { scoreAssessment } from './assessment-scoring.ts';
export type { Framework, FrameworkArea, FrameworkQuestion } from './framework.model.ts';
export { currentFramework, frameworkVersions, loadFramework } from './framework.ts';
export { AssessmentCoverageSection } from './views/AssessmentCoverage.tsx';
