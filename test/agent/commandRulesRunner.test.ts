// The tool runner with command rules, through the real agent loop against the simulator: what the
// approver is offered, and what happens when "always allow this prefix" cannot be saved.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApprovalRequest } from '../../src/agent/ports.js';
import { loadCommandRules } from '../../src/config/rules/ruleFiles.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { CommandRuleGate } from '../../src/tools/rules/commandRuleGate.js';
import { createHarness, type Harness } from '../helpers/agentHarness.js';
import { git } from '../helpers/fixtureRepo.js';

let sim: Simulator | undefined;
let harness: Harness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await harness?.close();
  await sim?.close();
  harness = undefined;
  sim = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const temp = (p: string): string => {
  const d = mkdtempSync(join(tmpdir(), p));
  dirs.push(d);
  return d;
};
const run = (command: string) => ({ name: 'run_command', arguments: { command, timeout_ms: null } });

describe('the tool runner with command rules', () => {
  it('offers a prefix only where no rule decided, and an unsavable rule is reported while the approved call runs', async () => {
    const root = temp('wsagent-rules-runner-');
    git(root, ['init', '-q', '-b', 'main']);
    const configDir = temp('wsagent-rules-runner-config-');
    const rulesDir = join(configDir, 'rules');
    mkdirSync(rulesDir);
    writeFileSync(join(rulesDir, 'a.rules'), 'prefix_rule(pattern = ["git", "push"], decision = "prompt")\n');
    const gate = new CommandRuleGate(loadCommandRules({ configDir, repositoryRoot: null, repositoryTrusted: false }).rules, configDir);
    // The rules directory becomes unwritable only now: default.rules cannot be created in it.
    rmSync(rulesDir, { recursive: true });
    writeFileSync(rulesDir, 'not a directory');

    sim = await createSimulator({
      scenario: {
        name: 'runner',
        description: '',
        steps: [{ calls: [run('echo one > one.txt')] }, { calls: [run('git push origin main')] }, { message: 'Done.' }],
      },
    });
    const requests: ApprovalRequest[] = [];
    harness = await createHarness(sim, root, {
      approval: 'suggest',
      commandRules: gate,
      approver: async (r) => {
        requests.push(r);
        return r.allowPrefix ? { decision: 'always', scope: 'prefix' } : { decision: 'deny' };
      },
    });
    const result = await harness.agent.runTurn('go');
    expect(result.status).toBe('completed');
    expect(requests.map((r) => r.allowPrefix ?? null)).toEqual([['echo', 'one'], null]);
    expect(readFileSync(join(root, 'one.txt'), 'utf8')).toBe('one\n');
    const notSaved = harness.events.filter((e) => e.type === 'error' && e.code === 'rule_not_saved');
    expect(notSaved).toHaveLength(1);
    expect(existsSync(join(rulesDir, 'default.rules'))).toBe(false);
  });
});
