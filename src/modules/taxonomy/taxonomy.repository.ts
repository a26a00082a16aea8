import type { Locale } from '../../core/i18n/locales.ts';
import type { Db } from '../../db/connect.ts';
import type { Concept, Scheme, TaxonomyFileConcept } from './taxonomy.model.ts';

export async function upsertConcepts(db: Db, concepts: TaxonomyFileConcept[]): Promise<void> {
  const positions = new Map<string, number>();
  for (const concept of concepts) {
    const position = positions.get(concept.scheme) ?? 0;
    positions.set(concept.scheme, position + 1);
    await db
      .insertInto('concepts')
      .values({ scheme: concept.scheme, id: concept.id, parent_id: concept.parent, position })
      .onConflict((oc) =>
        oc.columns(['scheme', 'id']).doUpdateSet({ parent_id: concept.parent, position }),
      )
      .execute();
  }
  const translations = concepts.flatMap((concept) =>
    Object.entries(concept.labels).map(([locale, label]) => ({
      scheme: concept.scheme,
      concept_id: concept.id,
      locale,
      label,
      synonyms: (concept.synonyms[locale as Locale] ?? []).join('|'),
      definition: concept.definitions[locale as Locale] ?? '',
    })),
  );
  for (let i = 0; i < translations.length; i += 500) {
    await db
      .insertInto('concept_translations')
      .values(translations.slice(i, i + 500))
      .onConflict((oc) =>
        oc.columns(['scheme', 'concept_id', 'locale']).doUpdateSet((eb) => ({
          label: eb.ref('excluded.label'),
          synonyms: eb.ref('excluded.synonyms'),
          definition: eb.ref('excluded.definition'),
        })),
      )
      .execute();
  }
}

export async function listConcepts(db: Db, locale: Locale): Promise<Concept[]> {
  const rows = await db
    .selectFrom('concepts as c')
    .leftJoin('concept_translations as t', (j) =>
      j
        .onRef('t.scheme', '=', 'c.scheme')
        .onRef('t.concept_id', '=', 'c.id')
        .on('t.locale', '=', locale),
    )
    .leftJoin('concept_translations as e', (j) =>
      j
        .onRef('e.scheme', '=', 'c.scheme')
        .onRef('e.concept_id', '=', 'c.id')
        .on('e.locale', '=', 'en'),
    )
    .select([
      'c.scheme',
      'c.id',
      'c.parent_id',
      'c.position',
      't.label',
      't.definition',
      't.synonyms',
      'e.label as en_label',
      'e.definition as en_definition',
    ])
    .orderBy('c.scheme')
    .orderBy('c.position')
    .execute();
  return rows.map((r) => ({
    scheme: r.scheme as Scheme,
    id: r.id,
    parentId: r.parent_id,
    position: r.position,
    label: r.label ?? r.en_label ?? r.id,
    definition: r.definition ?? r.en_definition ?? '',
    synonyms: (r.synonyms ?? '').split('|').filter(Boolean),
  }));
}

/** Every label and synonym of every concept in all locales, for recognising concepts in queries. */
export async function listAllLabels(db: Db) {
  return db
    .selectFrom('concept_translations')
    .select(['scheme', 'concept_id', 'locale', 'label', 'synonyms'])
    .execute();
}
