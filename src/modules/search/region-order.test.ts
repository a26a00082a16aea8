import { describe, expect, it } from 'vitest';
import { orderRegions } from './region-order.ts';

const PARENTS: Record<string, string> = {
  '151': '150',
  '155': '150',
  '015': '002',
  '202': '002',
  '419': '019',
};
const value = (id: string, label: string, count: number, level: number) => ({
  id,
  label,
  count,
  level,
  selected: false,
});

describe('orderRegions', () => {
  it('puts each sub-region under its own region, not under the last region listed', () => {
    const ordered = orderRegions(
      [
        value('150', 'Europe', 20, 1),
        value('002', 'Africa', 8, 1),
        value('019', 'Americas', 12, 1),
        value('151', 'Eastern Europe', 5, 2),
        value('015', 'Northern Africa', 3, 2),
        value('419', 'Latin America and the Caribbean', 7, 2),
        value('155', 'Western Europe', 9, 2),
        value('202', 'Sub-Saharan Africa', 5, 2),
      ],
      (id) => PARENTS[id],
    );
    expect(ordered.map((v) => v.label)).toEqual([
      'Europe',
      'Western Europe',
      'Eastern Europe',
      'Americas',
      'Latin America and the Caribbean',
      'Africa',
      'Sub-Saharan Africa',
      'Northern Africa',
    ]);
  });

  it('lists a sub-region whose region is missing at the end', () => {
    const ordered = orderRegions(
      [value('151', 'Eastern Europe', 5, 2), value('002', 'Africa', 8, 1)],
      (id) => PARENTS[id],
    );
    expect(ordered.map((v) => v.id)).toEqual(['002', '151']);
  });
});
