// docs/architecture.md's layer table, enforced: the real tree has no violation, and the checker does catch
// each kind of violation when one is added.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findViolations, importsOf } from './architecture/layerRules.js';

const root = join(import.meta.dirname, '..');

function sourceTree(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name)) files.set(relative(root, path).replace(/\\/g, '/'), readFileSync(path, 'utf8'));
    }
  };
  walk(join(root, 'src'));
  return files;
}

describe('architecture (docs/architecture.md layers)', () => {
  it('src/ has no layer violation, no import cycle, no UI in the core and a simulator that shares only protocol/', () => {
    const tree = sourceTree();
    expect(tree.size).toBeGreaterThan(50);
    expect(findViolations(tree).map((v) => v.message)).toEqual([]);
  });

  it('catches a lower layer importing a higher one, even type-only', () => {
    const tree = sourceTree();
    tree.set('src/tools/sneaky.ts', "import type { AgentEvent } from '../agent/events.js';\nexport type X = AgentEvent;\n");
    const found = findViolations(tree).filter((v) => v.message.startsWith('src/tools/sneaky.ts'));
    expect(found).toEqual([
      {
        rule: 'layer',
        message: 'src/tools/sneaky.ts (tools) imports src/agent/events.ts (agent): a layer imports only the layers below it (type-only imports count)',
      },
    ]);
  });

  it('catches an import cycle inside one folder', () => {
    const tree = new Map([
      ['src/transport/a.ts', "import type { B } from './b.js';\nexport type A = B;\n"],
      ['src/transport/b.ts', "import { a } from './a.js';\nexport type B = string;\n"],
    ]);
    expect(findViolations(tree).map((v) => v.message)).toEqual(['import cycle: src/transport/a.ts → src/transport/b.ts → src/transport/a.ts']);
  });

  it('catches React or Ink in the core, and the simulator importing anything but protocol/', () => {
    const tree = new Map([
      ['src/session/s.ts', "import { Box } from 'ink';\nimport React from 'react';\n"],
      ['src/simulator/x.ts', "import { EXIT } from '../config/exitCodes.js';\nimport type { ServerEvent } from '../protocol/index.js';\n"],
      ['src/config/exitCodes.ts', 'export const EXIT = {};\n'],
      ['src/protocol/index.ts', 'export type ServerEvent = {};\n'],
    ]);
    const rules = findViolations(tree).map((v) => v.rule);
    expect(rules.filter((r) => r === 'ui-in-core')).toHaveLength(2);
    expect(rules.filter((r) => r === 'simulator')).toHaveLength(1);
  });

  it('reads static, re-exported, side-effect and dynamic imports, and ignores comments', () => {
    const refs = importsOf(
      'src/cli/x.ts',
      [
        "import type { A } from './a.js';",
        "export { b } from './b.js';",
        "import './c.js';",
        "const d = await import('./d.js');",
        "// import { e } from './e.js';",
        "/* import { f } from './f.js'; */",
      ].join('\n'),
    );
    expect(refs.map((r) => [r.specifier, r.typeOnly])).toEqual([
      ['./a.js', true],
      ['./b.js', false],
      ['./c.js', false],
      ['./d.js', false],
    ]);
  });
});
