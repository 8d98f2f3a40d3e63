// Issue 25.2: `exec --experimental-json`, Codex's exec command line, read as wsagent settings: the
// SDK's --config overrides (TOML values, Codex's keys), its sandbox names, `resume ID`, CODEX_API_KEY;
// what does not apply is a note under --verbose. The SDK itself drives it in codexSdk.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planCodexExec } from '../../src/cli/codexExec.js';
import type { GlobalOptions } from '../../src/cli/globalOptions.js';
import { resolveRun } from '../../src/cli/resolveRun.js';
import { EXIT } from '../../src/config/exitCodes.js';
import { createSimulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';

const configDir = mkdtempSync(join(tmpdir(), 'wsagent-codex-exec-'));
afterAll(() => rmSync(configDir, { recursive: true, force: true }));
const env = { WSAGENT_CONFIG_DIR: configDir, CODEX_API_KEY: 'sk-from-codex-env', OPENAI_API_KEY: 'sk-not-this-one' };

/** What the CLI would run for Codex's command line: the plan, then the settings wsagent resolves from it. */
function run(positionals: string[], opts: GlobalOptions, flags = {}) {
  const plan = planCodexExec(positionals, { experimentalJson: true, ...flags }, opts, env);
  return { plan, settings: resolveRun(plan.opts, plan.env).settings };
}

describe('exec --experimental-json reads what @openai/codex-sdk sends', () => {
  it("the SDK's --config overrides become wsagent settings; the key is CODEX_API_KEY", () => {
    const { plan, settings } = run([], {
      model: 'gpt-5.2',
      sandbox: 'workspace-write',
      config: [
        'openai_base_url="http://127.0.0.1:9/v1"',
        'model_reasoning_effort="high"',
        'sandbox_workspace_write.network_access=true',
        'approval_policy="never"',
        // A wsagent setting, as an SDK program's `config: { transport: "http" }` sends it.
        'transport="http"',
      ],
    });
    expect(settings).toMatchObject({
      apiKey: 'sk-from-codex-env',
      baseUrl: 'http://127.0.0.1:9/v1',
      model: 'gpt-5.2',
      reasoningEffort: 'high',
      'sandbox.network': true,
      transport: 'http',
      sandbox: 'workspace-write',
      approval: 'full-auto',
    });
    expect(plan.readOnlyWorkspace).toBe(false);
    expect(plan.notes).toEqual([]);
  });

  it("Codex's sandbox names: read-only by default (edits refused too), --sandbox over sandbox_mode, untrusted asks (refused)", () => {
    expect(run([], {}).settings).toMatchObject({ sandbox: 'read-only', approval: 'full-auto' });
    expect(run([], {}).plan.readOnlyWorkspace).toBe(true);
    expect(run([], { config: ['sandbox_mode="danger-full-access"'] }).settings.sandbox).toBe('danger-full-access');
    expect(run([], { sandbox: 'workspace-write', config: ['sandbox_mode="read-only"'] }).settings.sandbox).toBe('workspace-write');
    expect(run([], { dangerouslyBypassApprovalsAndSandbox: true }).settings).toMatchObject({ sandbox: 'danger-full-access', approval: 'full-auto' });
    expect(run([], { fullAuto: true }).settings.sandbox).toBe('workspace-write');
    expect(run([], { config: ['approval_policy="untrusted"'] }).settings.approval).toBe('suggest');
  });

  it('values are TOML, bare words taken as text as Codex does; what has no wsagent setting is a note', () => {
    expect(run([], { config: ['model_reasoning_effort=low'] }).settings.reasoningEffort).toBe('low');
    const { plan } = run([], { config: ['show_raw_agent_reasoning=true', 'model_reasoning_effort="ultra"', 'sandbox_mode="everything"'] });
    expect(plan.notes).toEqual([
      '--config show_raw_agent_reasoning: ignored (no wsagent setting corresponds to it)',
      `--config model_reasoning_effort="ultra": ignored (wsagent's reasoning efforts are minimal, low, medium, high, xhigh)`,
      '--config sandbox_mode="everything": ignored (sandbox_mode is one of read-only, workspace-write, danger-full-access)',
    ]);
    expect(() => run([], { config: ['novalue'] })).toThrow(
      expect.objectContaining({ exitCode: EXIT.usage, message: expect.stringContaining('expected key=value') }),
    );
  });

  it('`resume THREAD_ID [PROMPT]` continues that session; `resume --last` the latest; one prompt at most', () => {
    expect(run(['resume', '20261207-abc', 'go on'], {}).plan).toMatchObject({ opts: { resume: '20261207-abc' }, prompt: 'go on' });
    expect(run(['resume'], {}, { last: true }).plan.opts.resume).toBe('last');
    expect(run(['fix it'], {}).plan.opts.resume).toBeUndefined();
    expect(() => run(['resume'], {})).toThrow(/needs the thread id/);
    expect(() => run(['one', 'two'], {})).toThrow(/takes one prompt/);
  });
});

describe('exec --experimental-json from the command line', () => {
  it('ignored options are notes on stderr with --verbose only; the events are Codex JSONL', async () => {
    const sim = await createSimulator({ scenario: 'chat', apiKey: 'sk-from-codex-env' });
    try {
      const repo = mkdtempSync(join(tmpdir(), 'wsagent-codex-exec-repo-'));
      const args = [
        'exec',
        '--experimental-json',
        '--config',
        `openai_base_url="${sim.baseUrl}"`,
        '--config',
        'show_raw_agent_reasoning=true',
        '--sandbox',
        'danger-full-access',
        '--cd',
        repo,
        '--add-dir',
        '/elsewhere',
        '--skip-git-repo-check',
      ];
      const quiet = await runCli(args, { env: { ...env, CODEX_INTERNAL_ORIGINATOR_OVERRIDE: 'codex_sdk_ts' }, input: 'What is debounce?' });
      expect(quiet.stderr).toBe('');
      expect(quiet.code).toBe(0);
      const events = quiet.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { type: string; item?: { type: string; text: string } });
      expect(events.map((e) => e.type)).toEqual(['thread.started', 'turn.started', 'item.completed', 'item.completed', 'turn.completed']);
      expect(events[3]?.item).toMatchObject({ type: 'agent_message', text: expect.stringContaining('Debounce') });

      const verbose = await runCli([...args, '--verbose'], { env: { ...env, CODEX_INTERNAL_ORIGINATOR_OVERRIDE: 'codex_sdk_ts' }, input: 'What is debounce?' });
      expect(verbose.code).toBe(0);
      expect(verbose.stderr.trim().split('\n')).toEqual([
        'wsagent: note: --config show_raw_agent_reasoning: ignored (no wsagent setting corresponds to it)',
        'wsagent: note: --add-dir /elsewhere: ignored (wsagent writes only inside its workspace, --cd)',
        'wsagent: note: CODEX_INTERNAL_ORIGINATOR_OVERRIDE=codex_sdk_ts: ignored (wsagent sends no originator header)',
      ]);

      // wsagent's own exec takes them too (a Codex habit), with the same notes.
      const plain = await runCli(
        ['exec', '--base-url', sim.baseUrl, '-C', repo, '--add-dir', '/elsewhere', '--skip-git-repo-check', '--verbose', 'What is debounce?'],
        {
          env: { ...env, OPENAI_API_KEY: 'sk-from-codex-env' },
        },
      );
      expect(plain.code).toBe(0);
      expect(plain.stdout).toContain('Debounce');
      expect(plain.stderr).toContain('wsagent: note: --add-dir /elsewhere: ignored (wsagent writes only inside its workspace, --cd)\n');
      rmSync(repo, { recursive: true, force: true });
    } finally {
      await sim.close();
    }
  });
});
