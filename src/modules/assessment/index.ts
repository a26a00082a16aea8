// City self-assessments: the framework and its scoring, filling in, editors' checks, results
// compared with peers and the practices that address the weakest areas.

export { type AssessmentCoverage, getAssessmentCoverage } from './assessment-coverage.service.ts';
export { type DemoAssessments, loadDemoAssessments } from './assessment-demo.ts';
export {
  exportOpenAssessments,
  listOpenAssessments,
} from './assessment-opendata.service.ts';
export { regionMedians } from './assessment-peers.ts';
export { assessmentApi } from './assessment-results.api.ts';
export { CURRENT_FRAMEWORK_VERSION, readFramework } from './assessment-results.framework.ts';
export { AssessmentDetailSchema } from './assessment-results.model.ts';
export { assessmentResultPages } from './assessment-results.pages.tsx';
export { cityAssessmentPanel } from './assessment-results.panels.tsx';
export { presentOpenAssessmentDetail } from './assessment-results.presenter.ts';
export { listPublishedScores } from './assessment-results.repository.ts';
export { listResultsOfCity, parseScores } from './assessment-results.service.ts';
export type { Framework, FrameworkArea, FrameworkQuestion } from './framework.model.ts';
export { AssessmentCoverageSection } from './views/AssessmentCoverage.tsx';
