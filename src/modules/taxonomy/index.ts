// The taxonomy module's public surface: the taxonomy (concepts by scheme) and its labels, the
// taxonomy API, and the reference data set up on first start.
export { taxonomyApi } from './taxonomy.api.ts';
export {
  ensureTaxonomy,
  getTaxonomy,
  listAllConceptLabels,
  type Taxonomy,
} from './taxonomy.service.ts';
export type { Concept, Scheme } from './taxonomy.ts';
