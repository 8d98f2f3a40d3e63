import { execFileSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { runTestsTool } from '../../src/tools/runTests.js';
import { detectTestCommand, findExecutable } from '../../src/tools/testRunnerDetection.js';
import { WorkspaceGuard } from '../../src/tools/WorkspaceGuard.js';
import { context, run, tempDir, workspace } from './helpers.js';

function pythonHasPytest(): boolean {
  if (!findExecutable('python3')) return false;
  try {
    execFileSync('python3', ['-c', 'import pytest'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const hasPytest = pythonHasPytest();
if (!hasPytest) console.log('[runTests.test] python3 with pytest is not available: skipping the pytest run');

describe('test runner detection', () => {
  const detect = (files: Record<string, string>) => detectTestCommand(workspace(files).root);

  it('uses the package.json test script with the package manager of the lockfile', () => {
    const pkg = JSON.stringify({ scripts: { test: 'vitest run' } });
    expect(detect({ 'package.json': pkg })?.command).toBe('npm test');
    expect(detect({ 'package.json': pkg, 'package-lock.json': '{}' })?.command).toBe('npm test');
    expect(detect({ 'package.json': pkg, 'pnpm-lock.yaml': '' })?.command).toBe('pnpm test');
    expect(detect({ 'package.json': pkg, 'yarn.lock': '' })?.command).toBe('yarn test');
    expect(detect({ 'package.json': pkg, 'bun.lock': '' })?.command).toBe('bun run test');
    const declared = JSON.stringify({ packageManager: 'pnpm@9.1.0', scripts: { test: 'jest' } });
    expect(detect({ 'package.json': declared, 'package-lock.json': '{}' })?.command).toBe('pnpm test');
  });

  it('ignores npm init placeholders and broken package.json files', () => {
    const placeholder = JSON.stringify({ scripts: { test: 'echo "Error: no test specified" && exit 1' } });
    expect(detect({ 'package.json': placeholder })).toBeNull();
    expect(detect({ 'package.json': '{ not json' })).toBeNull();
  });

  it('detects pytest, go, cargo and make projects', () => {
    expect(detect({ 'pytest.ini': '[pytest]\n' })?.command).toMatch(/python3? -m pytest$/);
    expect(detect({ 'pyproject.toml': '[tool.pytest.ini_options]\n' })?.command).toMatch(/-m pytest$/);
    expect(detect({ 'tests/test_app.py': 'def test_x(): pass\n' })?.command).toMatch(/-m pytest$/);
    expect(detect({ 'pyproject.toml': '[tool.pytest.ini_options]\n', '.venv/bin/python': '' })?.command).toBe('.venv/bin/python -m pytest');
    expect(detect({ 'go.mod': 'module x\n' })?.command).toBe('go test ./...');
    expect(detect({ 'Cargo.toml': '[package]\n' })?.command).toBe('cargo test');
    expect(detect({ Makefile: 'build:\n\tcc x.c\n\ntest: build\n\t./run-tests\n' })?.command).toBe('make test');
    expect(detect({ Makefile: 'TEST := 1\nbuild:\n\ttrue\n' })).toBeNull();
    expect(detect({ 'README.md': '# nothing\n' })).toBeNull();
  });
});

describe('run_tests', () => {
  it('runs npm test on calc-js and reports its 3 failures', async () => {
    const root = tempDir('calc-js-');
    cpSync(join(process.cwd(), 'fixtures/repos/calc-js'), root, { recursive: true });
    const chunks: string[] = [];
    const result = await run(runTestsTool, {}, context(new WorkspaceGuard(root), { onOutput: (c) => chunks.push(c) }));
    expect(result.ok).toBe(false);
    expect(result.output.startsWith('$ npm test\n')).toBe(true);
    expect(result.output).toContain('> node --test');
    expect(result.output).toMatch(/^# fail 3$/m);
    expect(result.output).toContain('not ok 2 - resolves variables from the scope');
    expect(result.output).toContain('computes an invoice line total with no discount');
    expect(result.output.endsWith('[exit code 1]')).toBe(true);
    expect(chunks.join('')).toContain('# fail 3');
  });

  it.skipIf(!hasPytest)('runs pytest on a small Python project', async () => {
    const { guard } = workspace({
      'pyproject.toml': '[tool.pytest.ini_options]\ntestpaths = ["tests"]\n',
      'calc.py': 'def add(a, b):\n    return a + b\n',
      'tests/test_calc.py':
        'import sys, os\nsys.path.insert(0, os.path.dirname(os.path.dirname(__file__)))\nfrom calc import add\n\n' +
        'def test_add():\n    assert add(1, 2) == 3\n\ndef test_broken():\n    assert add(2, 2) == 5\n',
    });
    const result = await run(runTestsTool, {}, context(guard));
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/^\$ python3? -m pytest\n/);
    expect(result.output).toContain('1 failed, 1 passed');
    expect(result.output).toMatch(/\[exit code 1\]$/);
  });

  it('runs make test', async () => {
    const { guard } = workspace({ Makefile: 'test:\n\t@echo all good\n' });
    const result = await run(runTestsTool, {}, context(guard));
    expect(result).toEqual({ ok: true, output: '$ make test\nall good\n[exit code 0]' });
  });

  it('says clearly when it finds no test runner', async () => {
    const { guard } = workspace({ 'README.md': '# x\n' });
    const result = await run(runTestsTool, {}, context(guard));
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/^No test runner found in the workspace root: looked for a package\.json "test" script, pytest/);
    expect(result.output).toContain('use run_command');
  });
});
