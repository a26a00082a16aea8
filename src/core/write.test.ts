import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPreparedDatabase,
  dialects,
  type TestDatabase,
} from '../../test/helpers/databases.ts';
import { createUser } from '../../test/helpers/users.ts';
import type { Actor } from './actor.ts';
import { onContentChanged, readContentVersion } from './content-version.ts';
import { write } from './write.ts';

let editor: Actor = {
  kind: 'user',
  id: 0,
  role: 'editor',
  name: 'Edith',
  via: 'session',
  scopes: ['read', 'write'],
};

describe.each(dialects)('one unit of write on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    const id = await createUser(database.db, 'edith@example.org', 'editor', 'Edith');
    editor = { ...editor, id } as Actor;
  });
  afterAll(async () => {
    await database?.drop();
  });

  const auditRows = (action: string) =>
    database.db
      .selectFrom('audit_log')
      .select(['action', 'subject_id', 'details'])
      .where('action', '=', action)
      .execute();

  it('records the audit entry, marks the content version and announces after the commit', async () => {
    const before = await readContentVersion(database.db);
    const heard: string[] = [];
    const stop = onContentChanged(() => heard.push('changed'));
    try {
      const result = await write(
        database.db,
        editor,
        async ({ trx, afterCommit }) => {
          afterCommit(() => heard.push('after commit'));
          // Nothing is announced while the transaction is open.
          expect(heard).toEqual([]);
          expect(await trx.selectFrom('audit_log').selectAll().execute()).toHaveLength(0);
          return 42;
        },
        {
          audit: (id) => ({
            action: 'thing.made',
            subject: { type: 'thing', id },
            details: { n: 1 },
          }),
          contentChanged: true,
        },
      );
      expect(result).toBe(42);
      expect(heard).toEqual(['after commit', 'changed']);
    } finally {
      stop();
    }
    expect(await auditRows('thing.made')).toEqual([
      { action: 'thing.made', subject_id: '42', details: JSON.stringify({ n: 1 }) },
    ]);
    expect(await readContentVersion(database.db)).not.toBe(before);
  });

  it('leaves no audit row, no new content version and no announcement when the work fails', async () => {
    const before = await readContentVersion(database.db);
    const heard: string[] = [];
    const stop = onContentChanged(() => heard.push('changed'));
    try {
      await expect(
        write(
          database.db,
          editor,
          async ({ afterCommit }) => {
            afterCommit(() => heard.push('after commit'));
            throw new Error('refused');
          },
          { audit: { action: 'thing.failed' }, contentChanged: true },
        ),
      ).rejects.toThrow('refused');
    } finally {
      stop();
    }
    expect(heard).toEqual([]);
    expect(await auditRows('thing.failed')).toEqual([]);
    expect(await readContentVersion(database.db)).toBe(before);
  });

  it('joins an enclosing write: one commit, deferred actions after it', async () => {
    const heard: string[] = [];
    await write(
      database.db,
      editor,
      async ({ trx }) => {
        await write(
          trx,
          editor,
          async ({ afterCommit }) => afterCommit(() => heard.push('inner')),
          {
            audit: { action: 'thing.inner' },
          },
        );
        expect(heard).toEqual([]);
        return null;
      },
      { audit: { action: 'thing.outer' } },
    );
    expect(heard).toEqual(['inner']);
    expect(await auditRows('thing.inner')).toHaveLength(1);
    expect(await auditRows('thing.outer')).toHaveLength(1);
  });
});
