import { type FieldProblem, ValidationError } from '../../core/errors.ts';
import type { Db } from '../../db/connect.ts';
import { getPlaceIndex } from '../places/index.ts';
import { getTaxonomy } from '../taxonomy/index.ts';
import { EVIDENCE_LEVELS, PRACTICE_TYPES, STATUSES } from './practice.model.ts';

/** Every filter a list of practices can have, in the order their problems are listed. */
export const FILTERS = [
  'policy_area',
  'theme',
  'type',
  'target_group',
  'actor_type',
  'region',
  'country',
  'evidence',
  'status',
  'decade',
  'peer_reviewed',
] as const;
export type FilterName = (typeof FILTERS)[number];

/** The values of the `peer_reviewed` filter: practices peer reviewed, or not. */
export const PEER_REVIEW_VALUES = ['true', 'false'] as const;

/**
 * Checks filter values for every list of practices (the practices list and API, search, exports,
 * alerts), so that each refuses the same values with the same words: countries are upper-cased
 * and repeats dropped; an unknown value is refused, naming the parameter. The world ('001') is
 * no filter: every practice is in it.
 *
 *   await checkFilters(db, { country: ['de', 'DE'], theme: [] })  // { country: ['DE'], theme: [] }
 *   await checkFilters(db, { region: ['001'] })  // ValidationError: region: unknown value "001"
 */
export async function checkFilters<T extends Partial<Record<FilterName, string[]>>>(
  db: Db,
  filters: T,
): Promise<T> {
  const [taxonomy, places] = await Promise.all([getTaxonomy(db, 'en'), getPlaceIndex(db, 'en')]);
  const known: Record<FilterName, (v: string) => boolean> = {
    policy_area: (v) => taxonomy.has('policy-area', v),
    theme: (v) => taxonomy.has('theme', v),
    target_group: (v) => taxonomy.has('target-group', v),
    actor_type: (v) => taxonomy.has('actor-type', v),
    type: (v) => (PRACTICE_TYPES as readonly string[]).includes(v),
    evidence: (v) => (EVIDENCE_LEVELS as readonly string[]).includes(v),
    status: (v) => (STATUSES as readonly string[]).includes(v),
    region: (v) => places.region(v) !== undefined && v !== '001',
    country: (v) => places.country(v) !== undefined,
    decade: (v) => /^(1[89]|20|21)\d0$/.test(v),
    peer_reviewed: (v) => (PEER_REVIEW_VALUES as readonly string[]).includes(v),
  };
  const problems: FieldProblem[] = [];
  const checked: Partial<Record<FilterName, string[]>> = { ...filters };
  for (const name of FILTERS) {
    const given = filters[name];
    if (given === undefined) continue;
    const values = given.map((v) => (name === 'country' ? v.toUpperCase() : v));
    for (const v of values)
      if (!known[name](v))
        problems.push({ field: name, message: `unknown value "${v.slice(0, 80)}"` });
    checked[name] = [...new Set(values)];
  }
  if (problems.length > 0) throw new ValidationError(problems, 'invalid_filter');
  return checked as T;
}
