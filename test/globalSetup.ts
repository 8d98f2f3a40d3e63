// End-to-end tests spawn the real CLI from dist/: build it first so they never test a stale bundle.
// Every temporary directory of the run (made by the tests, the CLIs and simulators they spawn, and
// the demo) goes under one scratch directory, removed when the run ends: a test that forgets to
// clean up, or a CLI killed before its own cleanup, leaves nothing in the OS temporary directory.
// Workers and spawned processes inherit TMPDIR, which os.tmpdir() reads on every call.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  const scratch = mkdtempSync(join(tmpdir(), 'wsagent-test-run-'));
  process.env.WSAGENT_TEST_SCRATCH = scratch;
  process.env.TMPDIR = scratch;
  return () => rmSync(scratch, { recursive: true, force: true });
}
