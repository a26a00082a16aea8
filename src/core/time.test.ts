import { describe, expect, it } from 'vitest';
import { isTimeZone, utcToZoned, zonedToUtc } from './time.ts';

describe('zoned times', () => {
  it('converts a wall-clock time in a zone to the UTC instant, with daylight saving', () => {
    expect(zonedToUtc('2009-09-28T09:00', 'America/New_York')).toBe('2009-09-28T13:00:00.000Z');
    expect(zonedToUtc('2026-01-15T09:00', 'America/New_York')).toBe('2026-01-15T14:00:00.000Z');
    expect(zonedToUtc('2026-06-30T17:00', 'Europe/Zurich')).toBe('2026-06-30T15:00:00.000Z');
    expect(zonedToUtc('2026-06-30T17:00', 'Asia/Kolkata')).toBe('2026-06-30T11:30:00.000Z');
    expect(zonedToUtc('2026-06-30T17:00', 'UTC')).toBe('2026-06-30T17:00:00.000Z');
  });

  it('moves a time skipped by the spring change forward, as clocks do', () => {
    // 02:30 does not exist in New York on 8 March 2026; 03:30 EDT is 07:30 UTC.
    expect(zonedToUtc('2026-03-08T02:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
  });

  it('refuses what is not a real date-time or zone', () => {
    expect(zonedToUtc('2026-02-30T10:00', 'UTC')).toBeUndefined();
    expect(zonedToUtc('2026-06-30 17:00', 'UTC')).toBeUndefined();
    expect(zonedToUtc('2026-06-30T24:00', 'UTC')).toBeUndefined();
    expect(zonedToUtc('2026-06-30T17:00', 'Mars/Olympus')).toBeUndefined();
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('europe/paris; drop table')).toBe(false);
  });

  it('shows an instant as the wall-clock time of a zone, the inverse of the conversion', () => {
    expect(utcToZoned('2009-09-28T13:00:00.000Z', 'America/New_York')).toBe('2009-09-28T09:00');
    const local = '2026-11-01T01:30';
    expect(utcToZoned(zonedToUtc(local, 'Asia/Tokyo') as string, 'Asia/Tokyo')).toBe(local);
  });
});
