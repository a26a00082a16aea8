import type { Kysely } from 'kysely';

// Frozen in time: never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  // What readers are told about the review behind a practice: how many reviewers completed a
  // review of its published version, when it was decided, and the editors' reason when they
  // published with fewer than two. Null for practices imported or published before review.
  await db.schema.alterTable('practices').addColumn('peer_reviewers', 'integer').execute();
  await db.schema.alterTable('practices').addColumn('peer_reviewed_at', 'text').execute();
  await db.schema.alterTable('practices').addColumn('review_override', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('practices').dropColumn('review_override').execute();
  await db.schema.alterTable('practices').dropColumn('peer_reviewed_at').execute();
  await db.schema.alterTable('practices').dropColumn('peer_reviewers').execute();
}
