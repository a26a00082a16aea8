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
  'modules/alerts': 8,
  'modules/atlas': 8,
  'modules/opendata': 8,
  'modules/explore': 9,
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

describe('the import graph of src/', () => {
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
