import type { Kysely } from 'kysely';

// Frozen in time: never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  // An offer to join an organisation, sent by email to the account of the address its admin
  // typed: nobody becomes a member without accepting it. Only a hash of the link's token is
  // stored; the link works once, for the account it was sent to, until it expires.
  await db.schema
    .createTable('organisation_invitations')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'integer', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('invited_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .execute();
  await db.schema
    .createIndex('organisation_invitations_member')
    .on('organisation_invitations')
    .columns(['organisation_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('organisation_invitations_user')
    .on('organisation_invitations')
    .column('user_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('organisation_invitations').execute();
}
