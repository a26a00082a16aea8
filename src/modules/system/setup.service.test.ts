import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { createDb, type Db } from '../../db/connect.ts';
import type { DemoEvents } from '../events/index.ts';
import { DEMO_EVENTS_FILE, prepareDatabase } from './setup.service.ts';

// The founding roundtable, and the past events of the demo file.
const DEMO_EVENTS = (JSON.parse(readFileSync(DEMO_EVENTS_FILE, 'utf8')) as DemoEvents).events;

describe.each(dialects)('preparing an empty %s database', (dialect) => {
  let database: TestDatabase;
  let second: Db;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    // Another process: its own connections to the same database.
    second = createDb(database.config);
  });
  afterAll(async () => {
    await second.destroy();
    await database.drop();
  });

  it('from two processes at once: both succeed and the content is loaded once', async () => {
    const results = await Promise.allSettled([
      prepareDatabase(database.db, { demo: true }),
      prepareDatabase(second, { demo: true }),
    ]);
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual([
      'ok',
      'ok',
    ]);
    const loaded = results.filter((r) => r.status === 'fulfilled' && r.value.demo !== null).length;
    expect(loaded).toBe(1);
    const slugs = await database.db.selectFrom('practices').select('slug').execute();
    expect(new Set(slugs.map((s) => s.slug)).size).toBe(slugs.length);
    expect(slugs.length).toBeGreaterThan(0);
    const events = await database.db.selectFrom('events').select('id').execute();
    expect(events).toHaveLength(1 + DEMO_EVENTS.length);
  });
});
