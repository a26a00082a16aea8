import type { Actor } from '../../core/actor.ts';
import type { ViewContext } from '../../core/http/view-context.ts';
import type { Locale } from '../../core/i18n/locales.ts';
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

/**
 * A part of the copy of one's data that another module holds. `key` names it in the JSON
 * document; sections appear in the order they are given.
 *
 *   { key: 'comments', gather: (db, actor) => exportOwnComments(db, actor) }
 */
export interface AccountDataSection {
  key: string;
  gather(db: Db, actor: Actor, locale: Locale): Promise<unknown>;
}

/** A part of the account page that another module owns, drawn in the page's view context. */
export type AccountPanel = (props: { ctx: ViewContext }) => JSX.Element;

export interface AccountPagePanels {
  /** Sections after the profile (the profile in the directory of people). */
  sections: readonly AccountPanel[];
  /** Links after the data download, to what the person gave elsewhere (messages, follows). */
  dataLinks: readonly AccountPanel[];
}

/** Given to the account and admin pages in app.ts. */
export interface AccountSlots {
  organisations: OrganisationLookup;
  dataSections: readonly AccountDataSection[];
  panels: AccountPagePanels;
}
