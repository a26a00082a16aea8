import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { DomUtils, parseDocument } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { buildTestApp } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';

type Element = ReturnType<typeof DomUtils.findAll>[number];

interface FacetBody {
  total: number;
  facets: Record<string, { id: string; count: number }[]>;
}

const byClass = (root: Element | Element[], className: string) =>
  DomUtils.findAll(
    (e) => (e.attribs.class ?? '').split(' ').includes(className),
    Array.isArray(root) ? root : [root],
  );
const text = (e: Element) => DomUtils.textContent(e).trim();

async function expectWellFormed(xml: string) {
  const result = await validateXML({
    xml: [{ fileName: 'figure.svg', contents: xml }],
    normalization: 'format',
  });
  expect(result.errors.map((e) => e.rawMessage)).toEqual([]);
}

/** The SVG of a figure as written in the page, and the figure parsed. */
function figure(html: string, id: string) {
  const source = new RegExp(`<figure[^>]*id="${id}"[^>]*>[\\s\\S]*?</figure>`).exec(html)?.[0];
  expect(source, `figure #${id}`).toBeDefined();
  const svg = /<svg[\s\S]*<\/svg>/.exec(source as string)?.[0] as string;
  const root = parseDocument(source as string).children as Element[];
  return { svg, root };
}

/** Rows of the first table in a figure as [label, count]. */
function tableRows(root: Element[]): [string, number][] {
  const table = DomUtils.findOne((e) => e.name === 'table', root) as Element;
  return DomUtils.findAll((e) => e.name === 'tr', [table])
    .map((tr) => {
      const th = DomUtils.findOne((e) => e.name === 'th' && e.attribs.scope === 'row', [tr]);
      const td = DomUtils.findOne((e) => e.name === 'td', [tr]);
      return th && td
        ? ([text(th), Number(text(td).replace(/\D/g, ''))] as [string, number])
        : null;
    })
    .filter((r): r is [string, number] => r !== null);
}

describe.each(dialects)('maps and charts on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect, { demo: true });
    app = await buildTestApp(database);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const page = async (url: string) => {
    const response = await app.inject(url);
    expect(response.statusCode, `${url}: ${response.body.slice(0, 300)}`).toBe(200);
    return response.body;
  };
  const facets = async (query: string) => {
    const response = await app.inject(`/api/v1/search?per_page=1&${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as FacetBody;
  };

  it('draws the home page world map as well-formed, titled SVG with a link per country', async () => {
    const html = await page('/');
    const { svg, root } = figure(html, 'world-map');
    await expectWellFormed(svg);
    const [svgElement] = DomUtils.findAll((e) => e.name === 'svg', root);
    const labelledBy = (svgElement?.attribs['aria-labelledby'] ?? '').split(' ');
    const title = DomUtils.findOne(
      (e) => e.name === 'title' && e.attribs.id === labelledBy[0],
      root,
    );
    const desc = DomUtils.findOne((e) => e.name === 'desc' && e.attribs.id === labelledBy[1], root);
    expect(title && text(title)).toBe('World map of published practices');
    expect(desc && text(desc)).toContain('table');

    const expected = new Map((await facets('')).facets.country?.map((c) => [c.id, c.count]));
    expect(expected.get('FR')).toBeGreaterThan(0);
    const links = DomUtils.findAll(
      (e) => e.name === 'a' && (e.parent as Element | null)?.name === 'svg',
      root,
    );
    const linked = new Map(
      links.map((a) => {
        const label = text(DomUtils.findOne((e) => e.name === 'title', [a]) as Element);
        return [a.attribs.href?.replace('/countries/', ''), label] as const;
      }),
    );
    // France has an outline and practices: a shaded path inside a link to its list.
    const france = links.find((a) => a.attribs.href === '/countries/FR') as Element;
    expect(france.attribs.class).toMatch(/^atlas-[1-4]$/);
    expect(DomUtils.findOne((e) => e.name === 'path', [france])?.attribs.d).toMatch(/^M[\d.]/);
    expect(linked.get('FR')).toBe(
      `France: ${expected.get('FR')} practice${expected.get('FR') === 1 ? '' : 's'}`,
    );
    for (const [code, label] of linked) {
      expect(expected.has(code as string), `${code} links but has no practices`).toBe(true);
      expect(label).toMatch(new RegExp(`: ${expected.get(code as string)} practices?$`));
    }

    // The table holds every country with practices, with the same counts as the search facets.
    const rows = tableRows(root);
    expect(rows.length).toBe(expected.size);
    expect(rows.reduce((sum, [, n]) => sum + n, 0)).toBe(
      [...expected.values()].reduce((a, b) => a + b, 0),
    );
    expect(rows).toContainEqual(['France', expected.get('FR')]);

    // Cities with coordinates are points, with their count in a title.
    const cities = byClass(root, 'atlas-city');
    expect(cities.length).toBeGreaterThan(0);
    expect(
      text(DomUtils.findOne((e) => e.name === 'title', [cities[0] as Element]) as Element),
    ).toMatch(/: \d+ practices?$/);

    expect(gzipSync(svg).length).toBeLessThan(15_000);
  });

  it('counts the coverage heatmap exactly as the search facets do', async () => {
    const html = await page('/coverage');
    const doc = parseDocument(html).children as Element[];
    const table = byClass(doc, 'coverage')[0] as Element;
    const regionCodes = DomUtils.findAll(
      (e) => e.name === 'th' && e.attribs.scope === 'col',
      [table],
    )
      .map((th) => DomUtils.findOne((e) => e.name === 'a', [th])?.attribs.href)
      .filter((href): href is string => href !== undefined)
      .map((href) => href.replace('/regions/', ''));
    expect(regionCodes).toEqual(expect.arrayContaining(['002', '019', '142', '150', '009']));
    const cells = byClass(table, 'coverage__cell');
    expect(cells.length).toBeGreaterThan(regionCodes.length * 10);
    const perRegion = new Map<string, Map<string, number>>();
    for (const code of regionCodes)
      perRegion.set(
        code,
        new Map((await facets(`region=${code}`)).facets.theme?.map((t) => [t.id, t.count])),
      );
    let nonZero = 0;
    for (const cell of cells) {
      const link = DomUtils.findOne((e) => e.name === 'a', [cell]) as Element;
      const params = new URL(link.attribs.href as string, 'http://x').searchParams;
      const theme = params.get('theme') as string;
      const region = params.get('region') as string;
      const count = Number(/^\d+/.exec(text(link))?.[0]);
      expect(count, `${theme} × ${region}`).toBe(perRegion.get(region)?.get(theme) ?? 0);
      if (count === 0) expect(text(link)).toContain('none');
      else nonZero++;
    }
    expect(nonZero).toBeGreaterThan(0);
    expect(html).toMatch(/\d+<span class="coverage__flag">thin<\/span>/);

    // A cell's link leads to a search that finds that many practices.
    const sample = cells.find((c) => !text(c).includes('none')) as Element;
    const href = DomUtils.findOne((e) => e.name === 'a', [sample])?.attribs.href as string;
    const search = await facets(href.replace('/search?', ''));
    expect(search.total).toBe(Number(/^\d+/.exec(text(sample))?.[0]));
    expect((await app.inject(href)).statusCode).toBe(200);
  });

  it('shows a region map and charts on region pages, and 404 for unknown regions', async () => {
    const html = await page('/regions/155');
    const { svg, root } = figure(html, 'region-map');
    await expectWellFormed(svg);
    const hrefs = DomUtils.findAll((e) => e.name === 'a' && e.attribs.href !== undefined, root).map(
      (a) => a.attribs.href,
    );
    expect(hrefs).toContain('/countries/FR');
    // Neighbours are context only: Spain is in Southern Europe, not in this region.
    expect(hrefs).not.toContain('/countries/ES');

    const expected = (await facets('region=155')).facets;
    const byCountry = tableRows(figure(html, 'by-country').root);
    for (const c of expected.country ?? [])
      expect(byCountry).toContainEqual([expect.any(String), c.count]);
    expect(byCountry.length).toBe(expected.country?.length);
    const byTheme = tableRows(figure(html, 'by-theme').root);
    expect(byTheme.length).toBe(expected.theme?.length);
    await expectWellFormed(figure(html, 'by-theme').svg);

    expect((await app.inject('/regions/999')).statusCode).toBe(404);
    expect((await app.inject('/regions/%3Cscript%3E')).statusCode).toBe(404);
  });

  it('charts a theme by region and a country by theme, with tables of the same counts', async () => {
    const themeHtml = await page('/themes/housing');
    const { svg, root } = figure(themeHtml, 'by-region');
    await expectWellFormed(svg);
    const expected = new Map(
      (await facets('theme=housing')).facets.region?.map((r) => [r.id, r.count]),
    );
    const bars = DomUtils.findAll((e) => e.name === 'a' && e.attribs.class === 'atlas-bar', root);
    expect(bars).toHaveLength(5);
    for (const bar of bars) {
      const region = new URL(bar.attribs.href as string, 'http://x').searchParams.get('region');
      const count = Number(text(byClass(bar, 'atlas-bar__count')[0] as Element));
      expect(count, region ?? '').toBe(expected.get(region as string) ?? 0);
    }
    expect(
      tableRows(root)
        .map(([, n]) => n)
        .sort(),
    ).toEqual(bars.map((b) => Number(text(byClass(b, 'atlas-bar__count')[0] as Element))).sort());

    const countryHtml = await page('/countries/FR');
    const chart = figure(countryHtml, 'by-theme');
    await expectWellFormed(chart.svg);
    const themes = (await facets('country=FR')).facets.theme ?? [];
    expect(
      tableRows(chart.root)
        .map(([, n]) => n)
        .sort(),
    ).toEqual(
      themes
        .filter((t) => t.count > 0)
        .map((t) => t.count)
        .sort(),
    );
  });

  it('renders the maps and charts in Arabic, right to left', async () => {
    const home = await page('/ar/');
    expect(home).toContain('id="world-map"');
    const theme = await page('/ar/themes/housing');
    const { root } = figure(theme, 'by-region');
    const label = DomUtils.findOne((e) => e.name === 'text', root) as Element;
    expect(label.attribs['text-anchor']).toBe('end');
    await page('/ar/coverage');
    await page('/ar/regions/150');
  });
});
