import type { Db } from '../../db/connect.ts';

/**
 * What a deleted account leaves on the record of others. A module above accounts that must keep
 * its part (the reviews and conflict statements of the editorial record) moves it, in the
 * deletion's transaction, onto a nameless stand-in it asks for only when it has something to
 * keep; everything else of the person goes with the account. system/wiring.ts gives the keepers.
 */
export type DeletionKeeper = (
  trx: Db,
  userId: number,
  standIn: () => Promise<number>,
) => Promise<void>;

let provided: readonly DeletionKeeper[] | undefined;

export function provideDeletionKeepers(keepers: readonly DeletionKeeper[]): void {
  provided = [...keepers];
}

export function deletionKeepers(): readonly DeletionKeeper[] {
  if (!provided)
    throw new Error('no deletion keepers: call wireModules() (system/wiring.ts) first');
  return provided;
}
