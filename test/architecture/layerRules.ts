// The layer table of docs/architecture.md as a checker: which folder of src/ may import which, no import
// cycles (type-only imports count: they couple the code just the same), no React or Ink below the
// front ends, and a simulator that shares only the wire types. It works on source text, so the
// test can also feed it a made-up violation and watch it fail.
import { dirname, join, normalize } from 'node:path';

/** Higher number = higher layer. A layer may import its own folder and any lower layer. */
export const LAYER_RANK: Record<string, number> = {
  cli: 9,
  ui: 8,
  headless: 8,
  acp: 8,
  agent: 7,
  session: 6,
  tools: 5,
  transport: 4,
  protocol: 3,
  config: 2,
};

/** Folders that must not import React, Ink or the UI. */
const HEADLESS_CORE = new Set(['agent', 'session', 'tools', 'transport']);
const UI_PACKAGES = /^(react|react-dom|ink|ink-[\w-]+|@inkjs\/.+)(\/.*)?$/;

export interface ImportRef {
  from: string;
  specifier: string;
  typeOnly: boolean;
}

export interface Violation {
  rule: 'layer' | 'cycle' | 'ui-in-core' | 'simulator';
  message: string;
}

/** Every static import, re-export and dynamic import of a source file (comments ignored). */
export function importsOf(file: string, source: string): ImportRef[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const refs: ImportRef[] = [];
  const statement = /(?:^|[;\n])\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s*['"]([^'"]+)['"]/g;
  for (const m of code.matchAll(statement)) refs.push({ from: file, specifier: m[4] as string, typeOnly: Boolean(m[2]) });
  for (const m of code.matchAll(/(?:^|[;\n])\s*import\s*['"]([^'"]+)['"]/g)) refs.push({ from: file, specifier: m[1] as string, typeOnly: false });
  for (const m of code.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) refs.push({ from: file, specifier: m[1] as string, typeOnly: false });
  return refs;
}

/** `src/a/b.ts` importing `../c/d.js` → `src/c/d.ts` (the .js of ESM specifiers maps to .ts/.tsx). */
export function resolveRelative(fromFile: string, specifier: string, exists: (path: string) => boolean): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = normalize(join(dirname(fromFile), specifier)).replace(/\\/g, '/');
  const stem = base.replace(/\.(js|jsx|ts|tsx|mjs)$/, '');
  for (const candidate of [`${stem}.ts`, `${stem}.tsx`, `${stem}/index.ts`, base]) if (exists(candidate)) return candidate;
  return null;
}

/** The top folder under src/ (`src/session/x.ts` → `session`). */
export function layerOf(file: string): string {
  const parts = file.split('/');
  const i = parts.indexOf('src');
  return parts[i + 1] ?? '';
}

export function findViolations(files: Map<string, string>): Violation[] {
  const violations: Violation[] = [];
  const graph = new Map<string, string[]>();
  const exists = (p: string): boolean => files.has(p);
  for (const [file, source] of files) {
    const edges: string[] = [];
    const from = layerOf(file);
    for (const ref of importsOf(file, source)) {
      const target = resolveRelative(file, ref.specifier, exists);
      if (target === null) {
        if (HEADLESS_CORE.has(from) && UI_PACKAGES.test(ref.specifier)) {
          violations.push({ rule: 'ui-in-core', message: `${file} imports ${ref.specifier}: ${from}/ must not depend on React or Ink` });
        }
        continue;
      }
      edges.push(target);
      const to = layerOf(target);
      if (to === from) continue;
      if (from === 'simulator') {
        if (to !== 'protocol') violations.push({ rule: 'simulator', message: `${file} imports ${target}: simulator/ may import only protocol/` });
        continue;
      }
      if (to === 'simulator') {
        if (from !== 'cli') violations.push({ rule: 'simulator', message: `${file} imports ${target}: only cli/ may start the simulator` });
        continue;
      }
      if (HEADLESS_CORE.has(from) && to === 'ui') {
        violations.push({ rule: 'ui-in-core', message: `${file} imports ${target}: ${from}/ must not depend on ui/` });
        continue;
      }
      const rankFrom = LAYER_RANK[from];
      const rankTo = LAYER_RANK[to];
      if (rankFrom === undefined || rankTo === undefined) {
        violations.push({ rule: 'layer', message: `${file} imports ${target}: folder ${rankFrom === undefined ? from : to}/ is not in the layer table` });
      } else if (rankTo >= rankFrom) {
        violations.push({
          rule: 'layer',
          message: `${file} (${from}) imports ${target} (${to}): a layer imports only the layers below it${ref.typeOnly ? ' (type-only imports count)' : ''}`,
        });
      }
    }
    graph.set(file, edges);
  }
  for (const cycle of importCycles(graph)) violations.push({ rule: 'cycle', message: `import cycle: ${cycle.join(' → ')} → ${cycle[0]}` });
  return violations;
}

/** Strongly connected components of more than one file (or a file importing itself), by Tarjan. */
export function importCycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    indices.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
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
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.reverse());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!indices.has(node)) visit(node);
  return cycles;
}
