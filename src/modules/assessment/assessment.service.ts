import type { Actor } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import type { Db } from '../../db/connect.ts';
import { listMunicipalityCityIds } from '../directory/index.ts';

/**
 * Whether this person may fill in the city's self-assessment: an editor, or a member of the
 * municipality organisation placed in the city.
 */
export async function mayActForCity(db: Db, actor: Actor, cityId: number): Promise<boolean> {
  if (actor.kind !== 'user') return false;
  if (can(actor, 'assessments.fill')) return true;
  const cities = await listMunicipalityCityIds(db, actor.id);
  return (
    cities.includes(cityId) && can(actor, 'assessments.fill', { id: cityId, ownerId: actor.id })
  );
}
