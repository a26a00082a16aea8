import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cyclesOf, readImportGraph, unitGraph, unitOf } from '../helpers/import-graph.ts';

/**
 * The layers of src/ (see src/README.md): a file imports only from its own unit or from a unit
 * in a lower layer. Units in one layer do not import each other, except where a row says so.
 * `import type` is not counted: it vanishes at run time and cannot make a cycle.
 */
const LAYERS: Record<string, number> = {
  'config.ts': 0,
  types: 0,
  // core may use the database layer (to tell an outage from a bug), never the reverse.
  core: 0.5,
  db: 0,
  views: 1,
  'modules/taxonomy': 2,
  'modules/places': 2,
  'modules/files': 2,
  'modules/jobs': 2,
  'modules/accounts': 3,
  'modules/directory': 4,
  'modules/practices': 5,
  'modules/events': 6,
  // A press item may be about an event, and the founding press release comes with its event.
  'modules/press': 6.5,
  'modules/library': 6,
  'modules/recommendations': 6,
  'modules/people': 6,
  'modules/cities': 6,
  'modules/search': 7,
  'modules/discussions': 7,
  'modules/contact': 7,
  'modules/shortlist': 7,
  'modules/review': 7,
  // Members' translations of practices: above practices and people (the languages declared).
  'modules/translations': 7,
  // City self-assessments: above cities (the peers) and practices (what worked elsewhere).
  'modules/assessment': 7,
  'modules/alerts': 8,
  'modules/atlas': 8,
  'modules/opendata': 8,
  'modules/explore': 9,
  // The editors' insights read the search log, coverage, review, discussions and practices.
  'modules/insights': 9,
  'modules/site': 9,
  'modules/system': 9,
  'app.ts': 10,
  'server.ts': 11,
  cli: 12,
};

/**
 * Imports across units inside one layer that are part of the design: each names the
 * lower-ranked side first.
 */
const ALLOWED_SIDEWAYS = new Set<string>([]);

const graph = readImportGraph(path.resolve(import.meta.dirname, '../../src'));

/**
 * `core/authz.ts` assembles the modules' `*.policy.ts` files, which are written in the terms of
 * `core/actor.ts` alone: those edges cannot close a cycle, and are checked on their own below.
 */
const isPolicy = (file: string) => /^modules\/[^/]+\/[^/]+\.policy\.ts$/.test(file);
const layered = new Map(
  [...graph.edges].map(([from, targets]) => [
    from,
    new Set([...targets].filter((target) => !(from === 'core/authz.ts' && isPolicy(target)))),
  ]),
);

/**
 * A module is used through its `index.ts`, its public surface: a file outside `modules/<name>/`
 * (another module, `app.ts`, `cli/`, `server.ts`) imports `modules/<name>/index.ts` and no other
 * file of it, `import type` included. The composition roots (`app.ts`, `cli/`,
 * `system/wiring.ts`) follow the same rule: the route plugins are one name per file, so the
 * indexes carry them too. Tests and `bench/` are not in this graph and may reach internals.
 * Each exception names its reason:
 */
const SURFACE_EXCEPTIONS: { from: RegExp; to: RegExp; reason: string }[] = [
  {
    from: /^core\/authz\.ts$/,
    to: /^modules\/[^/]+\/[^/]+\.policy\.ts$/,
    reason: 'authz assembles the policies, which import only core/actor.ts (checked below)',
  },
  {
    from: /^db\/database\.ts$/,
    to: /^modules\/[^/]+\/[^/]+\.table\.ts$/,
    reason:
      "the Database type is assembled from each module's table file (types only); through the " +
      "indexes it would make the database layer depend on every module's surface",
  },
];

const moduleOf = (file: string) => /^modules\/([^/]+)\//.exec(file)?.[1];

describe('the import graph of src/', () => {
  it('reaches another module only through its index.ts', () => {
    const internal: string[] = [];
    for (const edges of [graph.edges, graph.typeOnly])
      for (const [from, targets] of edges)
        for (const target of targets) {
          const owner = moduleOf(target);
          if (owner === undefined) continue;
          if (moduleOf(from) === owner) {
            // Inside a module, files import each other directly, never their own index.
            if (target === `modules/${owner}/index.ts`) internal.push(`${from} -> ${target}`);
            continue;
          }
          if (target === `modules/${owner}/index.ts`) continue;
          if (SURFACE_EXCEPTIONS.some((e) => e.from.test(from) && e.to.test(target))) continue;
          internal.push(`${from} -> ${target}`);
        }
    expect(internal).toEqual([]);
  });

  it('gives every module an index.ts', () => {
    const modules = new Set([...graph.edges.keys()].map(moduleOf).filter((m) => m !== undefined));
    expect([...modules].filter((m) => !graph.edges.has(`modules/${m}/index.ts`))).toEqual([]);
  });

  it('has no cycle between files', () => {
    expect(cyclesOf(graph.edges)).toEqual([]);
  });

  it('has no cycle between modules and layers', () => {
    expect(cyclesOf(unitGraph(layered))).toEqual([]);
  });

  it('keeps policies free of anything but the actor, so authz can assemble them', () => {
    const policies = [...graph.edges.keys()].filter(isPolicy);
    expect(policies.length).toBeGreaterThan(5);
    for (const policy of policies)
      expect([...(graph.edges.get(policy) ?? [])], policy).toEqual(['core/actor.ts']);
  });

  it('places every unit in a layer', () => {
    const units = new Set([...graph.edges.keys()].map(unitOf));
    expect([...units].filter((unit) => LAYERS[unit] === undefined)).toEqual([]);
  });

  it('imports only downwards: core, db and views import no module', () => {
    const upward: string[] = [];
    for (const [from, targets] of layered) {
      for (const target of targets) {
        const [a, b] = [unitOf(from), unitOf(target)];
        if (a === b) continue;
        const [la, lb] = [LAYERS[a] ?? -1, LAYERS[b] ?? -1];
        if (lb < la) continue;
        if (lb === la && ALLOWED_SIDEWAYS.has(`${b} <- ${a}`)) continue;
        upward.push(`${from} -> ${target}`);
      }
    }
    expect(upward).toEqual([]);
  });
});
