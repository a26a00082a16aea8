import { type Kysely, sql } from 'kysely';

// Frozen in time: never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  // What a client's Idempotency-Key stands for: a claim while the first request runs, then the
  // answer to replay. One key per account and route; the key itself is kept only as a hash.
  await sql`create table idempotency_keys (
    user_id integer not null references users(id) on delete cascade,
    route text not null,
    key_hash text not null,
    request_hash text not null,
    state text not null,
    claim text not null,
    status integer,
    headers text,
    body text,
    created_at text not null,
    expires_at text not null,
    primary key (user_id, route, key_hash)
  )`.execute(db);
  await db.schema
    .createIndex('idempotency_keys_expiry')
    .on('idempotency_keys')
    .column('expires_at')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').execute();
}
