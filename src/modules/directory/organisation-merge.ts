import type { Db } from '../../db/connect.ts';

/**
 * When an editor merges a duplicate organisation into another, every module that links to
 * organisations moves its links over, in the merge's transaction. The modules above the directory
 * (practices, events, press, people, contact, alerts) cannot be imported here: system/wiring.ts
 * gives their movers with `provideOrganisationMovers`.
 */
export type OrganisationMover = (trx: Db, fromId: number, intoId: number) => Promise<void>;

let provided: readonly OrganisationMover[] | undefined;

export function provideOrganisationMovers(movers: readonly OrganisationMover[]): void {
  provided = [...movers];
}

export function organisationMovers(): readonly OrganisationMover[] {
  if (!provided)
    throw new Error('no organisation movers: call wireModules() (system/wiring.ts) first');
  return provided;
}
