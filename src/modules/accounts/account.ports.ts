import type { Db } from '../../db/connect.ts';

/**
 * What accounts needs from modules above it. Accounts sits below the directory and the modules
 * people use, so it names what it needs here and app.ts hands in what those modules provide.
 */

/** The organisation named in a profile: the directory finds or creates it. */
export interface OrganisationLookup {
  /** The organisation with this name in this country, created when new, in the caller's transaction. */
  resolve(trx: Db, name: string, countryCode: string | null): Promise<number>;
  nameOf(db: Db, id: number | null): Promise<string | null>;
}
