// City self-assessments: the framework and its scoring, filling in, editors' checks, results
// compared with peers and the practices that address the weakest areas.
export type { Framework, FrameworkArea, FrameworkQuestion } from './framework.model.ts';
