// One editing family per model, as Codex does (issue 22, item 10), checked on what went over the
// wire: the GPT-5 family gets apply_patch and no edit_file/write_file on every request, other
// models the reverse; the scripted `short` scenario edits with whichever family is offered, and the
// fix lands on disk either way.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { copyCalcJs } from '../helpers/fixtureRepo.js';
import { type Gateway, startGateway } from '../helpers/gatewayProxy.js';
import { sandboxFlags } from '../helpers/sandboxAvailable.js';

let sim: Simulator | undefined;
let proxy: Gateway | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await sim?.close();
  sim = undefined;
});

const PROMPT = 'npm test fails with Unknown variable "discount" although the test passes discount: 0. Please fix that.';

async function runShortScenario(model: string): Promise<{ code: number | null; repo: string; toolNames: string[][]; inputTypes: string[] }> {
  sim = await createSimulator({ scenario: 'short' });
  proxy = await startGateway(sim);
  const repo = copyCalcJs();
  const env = {
    OPENAI_API_KEY: 'sk-family-test',
    WSAGENT_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'wsagent-family-')),
    OPENAI_BASE_URL: '',
    WSAGENT_MODEL: '',
    WSAGENT_APPLY_PATCH: '',
  };
  const r = await runCli(['exec', '--approval', 'full-auto', ...sandboxFlags, '-m', model, '--base-url', proxy.baseUrl, '-C', repo, PROMPT], {
    env,
    timeoutMs: 60_000,
  });
  const frames = proxy.bodies.filter((b) => b.kind === 'ws').map((b) => b.json);
  const toolNames = frames.map((f) => ((f.tools ?? []) as Array<{ name: string }>).map((t) => t.name));
  return { code: r.code, repo, toolNames, inputTypes: sim.log.responses().flatMap((e) => e.inputTypes) };
}

const FIXED = 'Object.hasOwn(scope, node.name)';

describe('one editing family per model', () => {
  it('GPT-5: apply_patch only, on every request; the scripted edit arrives as a patch and lands on disk', async () => {
    const r = await runShortScenario('gpt-5.2');
    expect(r.code).toBe(0);
    expect(r.toolNames.length).toBeGreaterThan(2);
    for (const names of r.toolNames) {
      expect(names).toContain('apply_patch');
      expect(names).not.toContain('edit_file');
      expect(names).not.toContain('write_file');
    }
    expect(r.inputTypes).toContain('custom_tool_call_output');
    expect(readFileSync(join(r.repo, 'src/evaluator.js'), 'utf8')).toContain(FIXED);
  });

  it('other models: edit_file and write_file, no apply_patch', async () => {
    const r = await runShortScenario('gpt-4.1');
    expect(r.code).toBe(0);
    for (const names of r.toolNames) {
      expect(names).toEqual(expect.arrayContaining(['edit_file', 'write_file']));
      expect(names).not.toContain('apply_patch');
    }
    expect(r.inputTypes).not.toContain('custom_tool_call_output');
    expect(readFileSync(join(r.repo, 'src/evaluator.js'), 'utf8')).toContain(FIXED);
  });
});
