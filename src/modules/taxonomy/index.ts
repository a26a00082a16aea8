// The taxonomy module's public surface: the taxonomy (concepts by scheme) and its labels, the
// taxonomy API, and the reference data set up on first start.
export { taxonomyApi } from './taxonomy.api.ts';
export type { Concept, Scheme } from './taxonomy.model.ts';
// Reads and organisation merges with no rule of their own come straight from the repository.
export { listAllLabels as listAllConceptLabels } from './taxonomy.repository.ts';
export {
  ensureTaxonomy,
  getTaxonomy,
  type Taxonomy,
} from './taxonomy.service.ts';
