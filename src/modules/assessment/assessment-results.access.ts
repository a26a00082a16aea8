import { type Actor, hasRole } from '../../core/actor.ts';
import type { Db } from '../../db/connect.ts';
import { listMunicipalityCityIds } from '../directory/index.ts';

/**
 * Who sees a city's private assessments: the editors and the members of the city's
 * municipality (the same people who may fill them in).
 */
export async function actsForCity(db: Db, actor: Actor, cityId: number): Promise<boolean> {
  if (actor.kind !== 'user') return false;
  if (hasRole(actor, 'editor')) return true;
  return (await listMunicipalityCityIds(db, actor.id)).includes(cityId);
}
