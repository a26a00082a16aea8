import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { shadeBreaks } from './atlas.service.ts';
import { MAP_WIDTH, regionGeometry, worldGeometry } from './geometry.ts';

describe('projected country outlines', () => {
  it('draws France, with Paris inside the world map', () => {
    const world = worldGeometry();
    expect(world.width).toBe(MAP_WIDTH);
    expect(world.paths.get('FR')).toMatch(/^M[\d.]+ [\d.]+l/);
    // Numeric ids were turned into alpha-2 codes, and the three unnumbered shapes were placed.
    expect(world.paths.has('US')).toBe(true);
    expect(world.paths.has('XK')).toBe(true);
    expect(world.paths.has('AQ')).toBe(false);
    const paris = world.project(2.35, 48.86);
    expect(paris).not.toBeNull();
    const [x, y] = paris as [number, number];
    expect(x).toBeGreaterThan(MAP_WIDTH / 2);
    expect(y).toBeLessThan(world.height / 2);
    // One decimal at most, in every coordinate of every path.
    for (const d of world.paths.values()) expect(d).not.toMatch(/\.\d\d/);
  });

  it('projects once per process and stays small', () => {
    expect(worldGeometry()).toBe(worldGeometry());
    const all = [...worldGeometry().paths.values()].map((d) => `<path d="${d}"/>`).join('');
    expect(gzipSync(all).length).toBeLessThan(12_000);
  });

  it('fits a region map to its countries and clips the rest', () => {
    const westernEurope = ['AT', 'BE', 'CH', 'DE', 'FR', 'LI', 'LU', 'MC', 'NL'];
    const map = regionGeometry(westernEurope);
    expect(map).not.toBeNull();
    expect(map?.paths.has('FR')).toBe(true);
    expect(map?.paths.has('AU')).toBe(false);
    // French Guiana does not stretch the frame: Paris sits well inside it.
    const paris = map?.project(2.35, 48.86);
    expect(paris).toBeTruthy();
    const [x, y] = paris as [number, number];
    expect(x).toBeGreaterThan(10);
    expect(y).toBeGreaterThan(10);
    expect(map?.project(151.2, -33.9)).toBeNull();
    expect(regionGeometry([...westernEurope].reverse())).toBe(map);
    expect(regionGeometry(['ZZ'])).toBeNull();
  });
});

describe('shade classes', () => {
  it('start at one and never repeat', () => {
    expect(shadeBreaks(0)).toEqual([]);
    expect(shadeBreaks(1)).toEqual([1]);
    expect(shadeBreaks(3)).toEqual([1, 2, 3]);
    expect(shadeBreaks(100)).toEqual([1, 5, 22, 100]);
  });
});
