// The built CLI with apply_patch and update_plan, against the simulator's patch scenario: the
// default model (gpt-5.2) gets apply_patch as a custom tool, `--json` carries plan.updated lines
// valid against the documented schema, and the plain front end prints the plan as a checklist.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { copyCalcJs } from '../helpers/fixtureRepo.js';
import { sandboxFlags } from '../helpers/sandboxAvailable.js';

const schema = JSON.parse(readFileSync(new URL('../../docs/json-events.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const PROMPT = 'The test suite of this repo fails. Fix it, and make sure npm test passes.';

let sim: Simulator | undefined;
let configDir: string;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
beforeAll(() => {
  configDir = mkdtempSync(join(tmpdir(), 'wsagent-patch-config-'));
});

const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  OPENAI_API_KEY: 'sk-cli-test',
  WSAGENT_CONFIG_DIR: configDir,
  OPENAI_BASE_URL: '',
  WSAGENT_MODEL: '',
  WSAGENT_APPLY_PATCH: '',
  ...extra,
});

describe('wsagent exec with apply_patch', () => {
  it('--json: fixes calc-js with patches; plan.updated lines match the schema; npm test passes', async () => {
    sim = await createSimulator({ scenario: 'patch' });
    const repo = copyCalcJs();
    const r = await runCli(['exec', '--json', '--approval', 'full-auto', ...sandboxFlags, '--base-url', sim.baseUrl, '-C', repo, PROMPT], {
      env: env(),
      timeoutMs: 90_000,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((line) => {
        const event = JSON.parse(line) as Record<string, any>;
        if (!validate(event))
          throw new Error(`not valid against docs/json-events.schema.json: ${line.slice(0, 200)} ${JSON.stringify(validate.errors?.slice(0, 3))}`);
        return event;
      });
    const plans = events.filter((e) => e.type === 'plan.updated');
    expect(plans).toHaveLength(5);
    expect(plans[1]).toEqual({
      type: 'plan.updated',
      timestamp: expect.any(String), // every --json line has one (issue 13.5)
      explanation: 'Both bugs found.',
      plan: [
        { step: 'Run the tests', status: 'completed' },
        { step: 'Fix the variable lookup and roundTo', status: 'in_progress' },
        { step: 'Add a regression test and a changelog entry', status: 'pending' },
        { step: 'Run the tests again', status: 'pending' },
      ],
    });
    // Each plan.updated follows its update_plan call's tool.completed.
    for (const plan of plans) expect(events[events.indexOf(plan) - 1]).toMatchObject({ type: 'tool.completed', name: 'update_plan', ok: true });
    const patches = events.filter((e) => e.type === 'tool.completed' && e.name === 'apply_patch');
    expect(patches.map((e) => e.ok)).toEqual([true, true]);
    expect(patches[0]!.diff).toContain('+++ b/src/evaluator.js');
    expect(events.at(-1)).toMatchObject({ type: 'session.completed', status: 'completed' });
    // Over the wire: custom tool call outputs, and every step of the script played.
    expect(
      sim.log
        .responses()
        .flatMap((e) => e.inputTypes)
        .filter((t) => t === 'custom_tool_call_output'),
    ).toHaveLength(2);
    expect(sim.log.responses().every((e) => e.step !== -1)).toBe(true);
    expect(spawnSync('npm', ['test'], { cwd: repo, encoding: 'utf8' }).status).toBe(0);
  });

  it('plain output prints the plan as a checklist on stderr whenever it changes', async () => {
    sim = await createSimulator({ scenario: 'patch' });
    const repo = copyCalcJs();
    const r = await runCli(['exec', '--approval', 'full-auto', ...sandboxFlags, '--base-url', sim.baseUrl, '-C', repo, PROMPT], {
      env: env(),
      timeoutMs: 90_000,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('All 40 tests pass');
    expect(r.stdout).not.toContain('[>]');
    expect(r.stderr).toContain(
      [
        '  Plan: Both bugs found.',
        '  [x] Run the tests',
        '  [>] Fix the variable lookup and roundTo',
        '  [ ] Add a regression test and a changelog entry',
        '  [ ] Run the tests again',
      ].join('\n'),
    );
    expect(r.stderr).toContain(['  Plan: All tests pass.', '  [x] Run the tests', '  [x] Fix the variable lookup and roundTo'].join('\n'));
    expect(r.stderr.match(/^ {2}Plan/gm)).toHaveLength(5);
  });

  it('applyPatch off: the tool is not offered, and the scripted model says so', async () => {
    sim = await createSimulator({ scenario: 'patch' });
    const repo = copyCalcJs();
    const r = await runCli(['exec', '--json', '--approval', 'full-auto', ...sandboxFlags, '--base-url', sim.baseUrl, '-C', repo, PROMPT], {
      env: env({ WSAGENT_APPLY_PATCH: 'off' }),
      timeoutMs: 90_000,
    });
    expect(r.stdout).toContain('I wanted to call apply_patch, but this request offers no such tool');
    expect(r.stdout).not.toContain('"name":"apply_patch"');
  });
});
