import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE_INSTRUCTIONS, buildInstructions, findRepositoryRoot } from '../../src/agent/instructions.js';

describe('instructions', () => {
  it('adds the user-level AGENTS.md, then the ones from the repository root down to the working directory', () => {
    const root = mkdtempSync(join(tmpdir(), 'wsagent-instr-'));
    const config = mkdtempSync(join(tmpdir(), 'wsagent-instr-config-'));
    mkdirSync(join(root, '.git'));
    mkdirSync(join(root, 'packages', 'api'), { recursive: true });
    writeFileSync(join(root, 'AGENTS.md'), 'Root rule: use pnpm.');
    writeFileSync(join(root, 'packages', 'AGENTS.md'), 'Packages rule.');
    writeFileSync(join(root, 'packages', 'api', 'AGENTS.md'), 'API rule: never touch migrations.');
    writeFileSync(join(config, 'AGENTS.md'), 'User rule: British spelling.');
    const cwd = join(root, 'packages', 'api');
    expect(findRepositoryRoot(cwd)).toBe(root);
    const text = buildInstructions({ root: findRepositoryRoot(cwd), cwd, configDir: config });
    expect(text.startsWith(BASE_INSTRUCTIONS)).toBe(true);
    const order = ['User rule', 'Root rule', 'Packages rule', 'API rule'].map((s) => text.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('caps a huge AGENTS.md', () => {
    const root = mkdtempSync(join(tmpdir(), 'wsagent-instr-'));
    writeFileSync(join(root, 'AGENTS.md'), 'x'.repeat(100_000));
    const text = buildInstructions({ root, cwd: root });
    expect(text.length).toBeLessThan(BASE_INSTRUCTIONS.length + 10_000);
    expect(text).toContain('truncated');
  });
});
