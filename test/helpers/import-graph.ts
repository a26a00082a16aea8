import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** The import graph of the source tree, read from the text of its files (no compiler needed). */
export interface ImportGraph {
  /** file (relative to the root, with forward slashes) → the files it imports */
  edges: Map<string, Set<string>>;
  /** files whose imports are types only are kept apart: they cannot make a cycle at run time */
  typeOnly: Map<string, Set<string>>;
}

const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/g;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) files.push(...sourceFiles(full));
    else if (/\.tsx?$/.test(entry) && !/\.test\.tsx?$/.test(entry)) files.push(full);
  }
  return files;
}

export function readImportGraph(root: string): ImportGraph {
  const edges = new Map<string, Set<string>>();
  const typeOnly = new Map<string, Set<string>>();
  const rel = (file: string) => path.relative(root, file).split(path.sep).join('/');
  for (const file of sourceFiles(root)) {
    const text = readFileSync(file, 'utf8');
    const from = rel(file);
    const runtime = new Set<string>();
    const types = new Set<string>();
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[3] as string;
      if (!specifier.startsWith('.')) continue;
      const target = rel(path.resolve(path.dirname(file), specifier));
      // Files outside the tree (package.json, content/) are data, not code.
      if (target.startsWith('..')) continue;
      (match[2] ? types : runtime).add(target);
    }
    for (const match of text.matchAll(DYNAMIC)) {
      const specifier = match[1] as string;
      const target = rel(path.resolve(path.dirname(file), specifier));
      if (specifier.startsWith('.') && !target.startsWith('..')) runtime.add(target);
    }
    edges.set(from, runtime);
    typeOnly.set(from, types);
  }
  return { edges, typeOnly };
}

/** Strongly connected components with more than one member (or a self-loop): the cycles. */
export function cyclesOf(edges: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    indices.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, indices.get(next) as number));
      }
    }
    if (low.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || edges.get(node)?.has(node)) components.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!indices.has(node)) visit(node);
  return components;
}

/** The unit a file belongs to: `modules/<name>`, or the top folder (`core`, `views`, `db`, ...). */
export function unitOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'modules') return `modules/${parts[1]}`;
  return parts.length > 1 ? (parts[0] as string) : file;
}

/** The graph between units, each edge kept with one file-level import that makes it. */
export function unitGraph(edges: Map<string, Set<string>>): Map<string, Set<string>> {
  const units = new Map<string, Set<string>>();
  for (const [from, targets] of edges) {
    const unit = unitOf(from);
    if (!units.has(unit)) units.set(unit, new Set());
    for (const target of targets) {
      const other = unitOf(target);
      if (other !== unit) units.get(unit)?.add(other);
    }
  }
  return units;
}
