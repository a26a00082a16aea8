export interface ConceptTable {
  scheme: string;
  id: string;
  /** For a theme, the id of its policy area; null for top-level concepts. */
  parent_id: string | null;
  position: number;
}

export interface ConceptTranslationTable {
  scheme: string;
  concept_id: string;
  locale: string;
  label: string;
  /** Other words for the concept in this language, separated by '|'. */
  synonyms: string;
  definition: string;
}
