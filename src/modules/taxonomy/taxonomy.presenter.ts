import { SCHEMES } from './taxonomy.model.ts';
import type { Taxonomy } from './taxonomy.service.ts';

/** Pure functions that pick the public fields: a concept's position stays internal. */
export function presentTaxonomy(locale: string, taxonomy: Taxonomy) {
  return {
    locale,
    schemes: Object.fromEntries(
      SCHEMES.map((scheme) => [
        scheme,
        taxonomy.list(scheme).map((c) => ({
          scheme: c.scheme,
          id: c.id,
          parent: c.parentId,
          label: c.label,
          definition: c.definition,
          synonyms: c.synonyms,
        })),
      ]),
    ),
  };
}
