// City self-assessments: the framework and its scoring, filling in, editors' checks, results
// compared with peers and the practices that address the weakest areas.

export { assessmentPages } from './assessment.pages.tsx';
export {
  assessmentDataSection,
  keepAssessmentMessagesOfDeletedAccount,
  mayActForCity,
} from './assessment.service.ts';
export { assessmentEditorPages } from './assessment-editor.pages.tsx';
export { countAssessmentQueue } from './assessment-review.service.ts';
export type { ScoredAnswer } from './assessment-scoring.ts';
export { scoreAssessment } from './assessment-scoring.ts';
export type { Framework, FrameworkArea, FrameworkQuestion } from './framework.model.ts';
export { currentFramework, frameworkVersions, loadFramework } from './framework.ts';
