// Replays the shipped scenarios' tool calls with the real tools on a fresh copy of calc-js and
// checks that the real outputs look like the sample outputs the scripted model was written
// against: identical for the deterministic tools, and containing everything the next step
// expects for the rest (test runs print durations and absolute paths).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { createToolRegistry } from '../../src/tools/registry.js';
import { WorkspaceGuard } from '../../src/tools/WorkspaceGuard.js';
import { copyRepo, gitInit, removeRepo } from '../fixtures/sim-tools.mjs';

interface Step {
  expect?: { contains: string | string[] };
  calls?: { name: string; arguments: Record<string, unknown>; sample_output?: string }[];
}

const registry = createToolRegistry();
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeRepo));

/** Outputs that vary from run to run (timings, temporary paths). */
const nondeterministic = (name: string, args: Record<string, unknown>): boolean =>
  name === 'run_tests' || (name === 'run_command' && /--test/.test(String(args.command)));

describe.each(['coding', 'short'])('scenario %s replayed with the real tools', (name) => {
  it('produces the sample outputs', async () => {
    const scenario = JSON.parse(readFileSync(join(process.cwd(), 'fixtures/scenarios', `${name}.json`), 'utf8')) as { steps: Step[] };
    const root = copyRepo(join(process.cwd(), 'fixtures/repos/calc-js'));
    dirs.push(root);
    expect(gitInit(root)).toBe(true);
    const ctx = { workspace: new WorkspaceGuard(root), signal: new AbortController().signal };

    let previous = '';
    for (const [index, step] of scenario.steps.entries()) {
      for (const needle of step.expect ? [step.expect.contains].flat() : []) {
        expect(previous, `step ${index} expects ${JSON.stringify(needle)}`).toContain(needle);
      }
      const outputs: string[] = [];
      for (const call of step.calls ?? []) {
        const result = await registry.execute(call.name, JSON.stringify(call.arguments), ctx);
        outputs.push(result.output);
        if (call.sample_output !== undefined && !nondeterministic(call.name, call.arguments)) {
          expect(result.output, `step ${index} ${call.name}`).toBe(call.sample_output);
        }
      }
      previous = outputs.join('\n');
    }
  }, 120_000);
});
