import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  type GeoPermissibleObjects,
  type GeoProjection,
  geoArea,
  geoCentroid,
  geoDistance,
  geoEqualEarth,
  geoPath,
} from 'd3-geo';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import countries from 'i18n-iso-countries';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

/**
 * Country outlines projected once per process into SVG path data: the geometry never changes,
 * only the shading and the points drawn over it do. Coordinates are kept to one decimal in a
 * viewBox 100 units wide, relative and without leading zeros, which keeps the world map near
 * 10 KB gzipped.
 */

export const MAP_WIDTH = 100;
const MAX_REGION_HEIGHT = 60;
/** Points closer than this (in tenths of a unit) to the last one kept are dropped. */
const MIN_STEP = 1.5;

type CountryFeature = Feature<Polygon | MultiPolygon, { name: string }>;

export interface MapGeometry {
  width: number;
  height: number;
  /** SVG path data per ISO 3166-1 alpha-2 code, for the countries drawn on this map. */
  paths: Map<string, string>;
  /** Projects a longitude and latitude to map units, or null when it falls outside the map. */
  project(longitude: number, latitude: number): [number, number] | null;
}

// world-atlas leaves these without an ISO number. Drawn with the UN member state they belong to
// (Somaliland, Northern Cyprus) or with the code the places module uses (Kosovo).
const UNNUMBERED: Record<string, string> = { Somaliland: 'SO', 'N. Cyprus': 'CY', Kosovo: 'XK' };
const ANTARCTICA = '010';

let loaded: Map<string, CountryFeature[]> | undefined;

/** The countries of world-atlas at 1:110m, grouped by alpha-2 code (Antarctica left out). */
function countryFeatures(): Map<string, CountryFeature[]> {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const topology = JSON.parse(
    readFileSync(require.resolve('world-atlas/countries-110m.json'), 'utf8'),
  ) as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const collection = feature(topology, topology.objects.countries) as FeatureCollection<
    Polygon | MultiPolygon,
    { name: string }
  >;
  const byCode = new Map<string, CountryFeature[]>();
  for (const f of collection.features) {
    if (f.id === ANTARCTICA) continue;
    const code =
      f.id === undefined
        ? UNNUMBERED[f.properties.name]
        : countries.numericToAlpha2(String(f.id).padStart(3, '0'));
    if (!code) continue;
    const list = byCode.get(code) ?? [];
    list.push(f);
    byCode.set(code, list);
  }
  loaded = byCode;
  return byCode;
}

/** Formats tenths of a unit: 12 → "1.2", -3 → "-.3", 40 → "4". */
function tenths(n: number): string {
  const a = Math.abs(n);
  const whole = Math.floor(a / 10);
  const fraction = a % 10;
  const text =
    fraction === 0 ? String(whole) : whole === 0 ? `.${fraction}` : `${whole}.${fraction}`;
  return n < 0 ? `-${text}` : text;
}

/** Joins numbers with the fewest separators SVG path syntax allows. */
function joinNumbers(numbers: string[]): string {
  let out = '';
  let previous = '';
  for (const n of numbers) {
    const needsSpace =
      previous !== '' && !n.startsWith('-') && !(n.startsWith('.') && previous.includes('.'));
    out += needsSpace ? ` ${n}` : n;
    previous = n;
  }
  return out;
}

/** Path data for features under a projection: relative moves, one decimal, tiny steps dropped. */
function pathData(projection: GeoProjection, features: CountryFeature[], minStep: number): string {
  let d = '';
  let ring: string[] = [];
  let start: string[] = [];
  let x = 0;
  let y = 0;
  const context = {
    moveTo(px: number, py: number) {
      x = Math.round(px * 10);
      y = Math.round(py * 10);
      start = [tenths(x), tenths(y)];
      ring = [];
    },
    lineTo(px: number, py: number) {
      const nx = Math.round(px * 10);
      const ny = Math.round(py * 10);
      if ((nx - x) ** 2 + (ny - y) ** 2 < minStep ** 2) return;
      ring.push(tenths(nx - x), tenths(ny - y));
      x = nx;
      y = ny;
    },
    closePath() {
      // A ring reduced to fewer than three points would draw nothing visible.
      if (ring.length >= 4) d += `M${joinNumbers(start)}l${joinNumbers(ring)}z`;
    },
    arc() {},
  };
  const draw = geoPath(projection, context as unknown as CanvasRenderingContext2D);
  for (const f of features) draw(f);
  return d;
}

function buildGeometry(
  projection: GeoProjection,
  width: number,
  height: number,
  byCode: Map<string, CountryFeature[]>,
): MapGeometry {
  const paths = new Map<string, string>();
  for (const [code, features] of byCode) {
    // A small country whose every ring is below the step is still drawn, at full detail.
    const d = pathData(projection, features, MIN_STEP) || pathData(projection, features, 0);
    if (d) paths.set(code, d);
  }
  return {
    width,
    height,
    paths,
    project(longitude, latitude) {
      const point = projection([longitude, latitude]);
      if (!point) return null;
      const [px, py] = point;
      if (px < 0 || py < 0 || px > width || py > height) return null;
      return [Math.round(px * 10) / 10, Math.round(py * 10) / 10];
    },
  };
}

let world: MapGeometry | undefined;

/** The world (without Antarctica), equal-area, 100 units wide. */
export function worldGeometry(): MapGeometry {
  if (world) return world;
  const byCode = countryFeatures();
  const all = { type: 'FeatureCollection', features: [...byCode.values()].flat() } as const;
  const projection = geoEqualEarth().fitWidth(MAP_WIDTH, all as GeoPermissibleObjects);
  const [[, top], [, bottom]] = geoPath(projection).bounds(all as GeoPermissibleObjects);
  const height = Math.ceil(bottom - Math.min(top, 0));
  world = buildGeometry(projection, MAP_WIDTH, height, byCode);
  return world;
}

/**
 * The polygons of a country that belong to its main territory: those within 40° of its largest
 * one, so that French Guiana does not stretch a map of Western Europe across the Atlantic.
 */
function mainland(features: CountryFeature[]): Polygon[] {
  const polygons: Polygon[] = features.flatMap((f) =>
    f.geometry.type === 'Polygon'
      ? [f.geometry]
      : f.geometry.coordinates.map((coordinates) => ({ type: 'Polygon' as const, coordinates })),
  );
  const largest = polygons.reduce<Polygon | undefined>(
    (best, p) => (!best || geoArea(p) > geoArea(best) ? p : best),
    undefined,
  );
  if (!largest) return [];
  const centre = geoCentroid(largest);
  return polygons.filter((p) => geoDistance(geoCentroid(p), centre) <= (40 * Math.PI) / 180);
}

const regional = new Map<string, MapGeometry | null>();

/**
 * A map fitted to a set of countries (a region's), with its neighbours clipped at the frame.
 * Null when none of the countries has an outline at this scale. Cached per set of countries.
 */
export function regionGeometry(codes: string[]): MapGeometry | null {
  const key = [...codes].sort().join(',');
  const cached = regional.get(key);
  if (cached !== undefined) return cached;
  const byCode = countryFeatures();
  const focus = codes.flatMap((code) => mainland(byCode.get(code) ?? []));
  let geometry: MapGeometry | null = null;
  if (focus.length > 0) {
    const collection = { type: 'GeometryCollection', geometries: focus } as const;
    const [longitude] = geoCentroid(collection as GeoPermissibleObjects);
    const projection = geoEqualEarth()
      .rotate([-longitude, 0])
      .fitExtent(
        [
          [2, 2],
          [MAP_WIDTH - 2, MAX_REGION_HEIGHT - 2],
        ],
        collection as GeoPermissibleObjects,
      );
    // A wide region leaves empty bands above and below: the frame shrinks to the region's height.
    const [[, top], [, bottom]] = geoPath(projection).bounds(collection as GeoPermissibleObjects);
    const [tx, ty] = projection.translate();
    projection.translate([tx, ty - top + 2]);
    const height = Math.min(MAX_REGION_HEIGHT, Math.ceil(bottom - top + 4));
    projection.clipExtent([
      [0, 0],
      [MAP_WIDTH, height],
    ]);
    geometry = buildGeometry(projection, MAP_WIDTH, height, byCode);
  }
  regional.set(key, geometry);
  return geometry;
}
