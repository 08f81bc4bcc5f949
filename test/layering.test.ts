import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Each layer keeps its knowledge: read from the source files themselves, the way madge or
 * dependency-cruiser would, so a new import that breaks a rule fails here, not in review.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const layers = ['src', 'workers', 'scrapers'];

function sourceFiles(folder: string): string[] {
  return readdirSync(path.join(root, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ts$/.test(entry.name) && !/\.d\.ts$/.test(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

const IMPORT = /(?:\bfrom\s+|\bimport\s*\(?\s*)'(\.{1,2}\/[^']+)'/g;

/** file → the project files it imports (type-only imports too: they couple layers as well). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of layers.flatMap(sourceFiles)) {
    const text = readFileSync(path.join(root, file), 'utf8');
    const targets = [...text.matchAll(IMPORT)]
      .map((match) => path.join(path.dirname(file), (match[1] as string).replace(/\.js$/, '.ts')))
      .filter((target) => target.endsWith('.ts'));
    graph.set(file, targets);
  }
  return graph;
}

/** The unit a file belongs to: src/<domain>, scrapers/<kind>, workers, or a top-level file. */
function domainOf(file: string): string {
  const [layer, second, third] = file.split(path.sep);
  if (layer === 'workers') return 'workers';
  return third === undefined ? `${layer}/${second}` : `${layer}/${second}/`;
}

/** Strongly connected components with more than one member (or a self-loop): the cycles. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || graph.get(node)?.has(node)) found.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe('layering', () => {
  const graph = importGraph();

  it('has no import cycle between files', () => {
    const files = new Map([...graph].map(([file, targets]) => [file, new Set(targets)]));
    expect(cycles(files)).toEqual([]);
  });

  it('has no import cycle between domains (tenants ↔ matching and the like)', () => {
    const domains = new Map<string, Set<string>>();
    for (const [file, targets] of graph) {
      const from = domainOf(file);
      const edges = domains.get(from) ?? new Set<string>();
      for (const target of targets) if (domainOf(target) !== from) edges.add(domainOf(target));
      domains.set(from, edges);
    }
    expect(cycles(domains)).toEqual([]);
  });

  it('keeps scrapers below the application: they import nothing from src or workers', () => {
    const upward = [...graph].flatMap(([file, targets]) =>
      file.startsWith(`scrapers${path.sep}`)
        ? targets.filter((target) => !target.startsWith(`scrapers${path.sep}`))
        : [],
    );
    expect(upward).toEqual([]);
  });

  it('keeps the application below the worker entrypoint: nothing in src imports workers', () => {
    const upward = [...graph].flatMap(([file, targets]) =>
      file.startsWith(`src${path.sep}`)
        ? targets.filter((target) => target.startsWith(`workers${path.sep}`))
        : [],
    );
    expect(upward).toEqual([]);
  });

  it('leaves the portal’s time zone to the portal’s scraper', () => {
    const knowsBrussels = sourceFiles('src').filter((file) =>
      /\bBRUSSELS\b|Europe\/Brussels/.test(readFileSync(path.join(root, file), 'utf8')),
    );
    expect(knowsBrussels).toEqual([]);
  });
});
