// Issue 19, item 15: tests left wsagent-* directories in the OS temporary directory. Everything a
// test run creates there goes under the run's scratch directory (test/globalSetup.ts), which is
// removed when the run ends; this checks that workers and the CLIs they spawn really use it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('temporary directories of a test run', () => {
  it('are made under the run scratch directory, in the test worker and in spawned processes', () => {
    const scratch = process.env.WSAGENT_TEST_SCRATCH;
    expect(scratch).toMatch(/wsagent-test-run-/);
    const dir = mkdtempSync(join(tmpdir(), 'wsagent-probe-'));
    expect(dirname(dir)).toBe(scratch);
    rmSync(dir, { recursive: true });
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("node:os").tmpdir())'], { encoding: 'utf8' });
    expect(child.stdout).toBe(scratch);
  });
});
