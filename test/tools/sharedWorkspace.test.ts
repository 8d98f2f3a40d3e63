// Two wsagent processes in one repository, as a user with two terminals runs them: the real CLI
// spawned against the simulator. Every edit reported as done is in the file at the end, every
// refused one was reported as refused, and a second wsagent says at start that it is not alone.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import type { Scenario } from '../../src/simulator/scenario.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { registerWorkspace } from '../../src/tools/workspaceRegistry.js';
import { BIN, runCli } from '../helpers/cli.js';
import { git } from './helpers.js';
import { sandboxFlags } from '../helpers/sandboxAvailable.js';

const EDITS = 24;
const END = '=== end ===\n';

const sims: Simulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((sim) => sim.close()));
});

function repository(files: Record<string, string>): string {
  const root = join(mkdtempSync(join(tmpdir(), 'wsagent-shared-')), 'repo');
  execFileSync('mkdir', ['-p', root]);
  for (const [path, content] of Object.entries(files)) writeFileSync(join(root, path), content);
  git(root, 'init', '-q');
  git(root, '-c', 'user.name=t', '-c', 'user.email=t@t.invalid', 'commit', '-q', '--allow-empty', '-m', 'initial');
  return root;
}

/** A model that reads notes.txt and adds one line above the end marker, EDITS times. */
function editingScenario(who: string): Scenario {
  const steps: Scenario['steps'] = [];
  for (let i = 0; i < EDITS; i++) {
    steps.push({ calls: [{ name: 'read_file', arguments: { path: 'notes.txt', start_line: null, end_line: null } }] });
    steps.push({ calls: [{ name: 'edit_file', arguments: { path: 'notes.txt', old_string: END, new_string: `${who} ${i}\n${END}` } }] });
  }
  steps.push({ message: `${who} is done.` });
  return { name: `edits-${who}`, description: 'many small edits to one file', steps };
}

function env(configDir: string): NodeJS.ProcessEnv {
  return { OPENAI_API_KEY: 'sk-shared-test', WSAGENT_CONFIG_DIR: configDir, OPENAI_BASE_URL: '', WSAGENT_MODEL: '' };
}

describe('two wsagent exec processes editing one file', () => {
  it('lose no edit: the ones reported as done are all in the file, the refused ones were told to read again', async () => {
    const repo = repository({ 'notes.txt': END });
    const configDir = mkdtempSync(join(tmpdir(), 'wsagent-shared-config-'));
    const runs = await Promise.all(
      ['A', 'B'].map(async (who) => {
        const sim = await createSimulator({ scenario: editingScenario(who), profile: 'local' });
        sims.push(sim);
        // A model outside the GPT-5 family: edit_file (whose stale-read check is under test) is its editing tool.
        const args = [
          'exec',
          '--json',
          '--approval',
          'full-auto',
          '-m',
          'gpt-4.1',
          ...sandboxFlags,
          '--base-url',
          sim.baseUrl,
          '-C',
          repo,
          'Add your lines to notes.txt.',
        ];
        return { who, result: await runCli(args, { env: env(configDir), timeoutMs: 120_000 }) };
      }),
    );
    const lines = readFileSync(join(repo, 'notes.txt'), 'utf8').split('\n');
    let lost = 0;
    let refused = 0;
    let done = 0;
    for (const { who, result } of runs) {
      expect(result.code, result.stderr).toBe(0);
      const edits = result.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { type: string; name?: string; ok?: boolean; output?: string })
        .filter((event) => event.type === 'tool.completed' && event.name === 'edit_file');
      expect(edits).toHaveLength(EDITS);
      edits.forEach((edit, i) => {
        const present = lines.includes(`${who} ${i}`);
        if (edit.ok) {
          done++;
          if (!present) lost++;
        } else {
          refused++;
          expect(edit.output).toBe(
            'notes.txt changed on disk since you last read it (another process edited it); read it again before editing. Nothing was changed.',
          );
          expect(present).toBe(false);
        }
      });
    }
    console.log(`two concurrent exec sessions: ${done} edits done, ${refused} refused, ${lost} lost`);
    expect(lost).toBe(0);
    expect(done + refused).toBe(2 * EDITS);
    expect(lines.filter((line) => /^[AB] \d+$/.test(line))).toHaveLength(done);
    // Both processes have left the workspace registry.
    const registry = join(configDir, 'workspaces');
    expect(readdirSync(registry).flatMap((dir) => readdirSync(join(registry, dir)))).toEqual([]);
  }, 150_000);
});

describe('a second wsagent in a workspace', () => {
  it('says so in one line on stderr, ignores and removes a stale entry, and removes its own on exit', async () => {
    const repo = repository({ 'notes.txt': 'x\n' });
    const configDir = mkdtempSync(join(tmpdir(), 'wsagent-shared-config-'));
    const sim = await createSimulator({ scenario: 'chat', profile: 'local' });
    sims.push(sim);
    // This test process plays the first wsagent; a dead pid plays one that was killed.
    const first = registerWorkspace(configDir, repo);
    const [dir] = readdirSync(join(configDir, 'workspaces'));
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(join(configDir, 'workspaces', dir!, `${dead}.0`), '{}\n');
    try {
      const r = await runCli(['exec', '--base-url', sim.baseUrl, '-C', repo, 'What is the difference between debounce and throttle?'], {
        env: env(configDir),
        timeoutMs: 30_000,
      });
      expect(r.code).toBe(0);
      const notices = r.stderr.split('\n').filter((line) => line.includes('wsagent'));
      expect(notices).toEqual([
        `warning: another wsagent (pid ${process.pid}) is working in this workspace; edits to the same files will be refused if they change under you`,
      ]);
      // The stale entry is gone, the exec's own is removed on exit: only this process's entry is left.
      expect(readdirSync(join(configDir, 'workspaces', dir!))).toEqual([expect.stringMatching(new RegExp(`^${process.pid}\\.\\d+$`))]);
      // Alone in the workspace: no notice.
      first.release();
      const alone = await runCli(['exec', '--base-url', sim.baseUrl, '-C', repo, 'What is the difference between debounce and throttle?'], {
        env: env(configDir),
        timeoutMs: 30_000,
      });
      expect(alone.code).toBe(0);
      expect(alone.stderr).not.toContain('another wsagent');
    } finally {
      first.release();
    }
  }, 90_000);

  it.skipIf(spawnSync('tmux', ['-V']).status !== 0)(
    'shows the notice in the TUI transcript',
    async () => {
      const repo = repository({ 'notes.txt': 'x\n' });
      const configDir = mkdtempSync(join(tmpdir(), 'wsagent-shared-config-'));
      const sim = await createSimulator({ scenario: 'chat', profile: 'local' });
      sims.push(sim);
      const first = registerWorkspace(configDir, repo);
      const session = `wsagent-shared-${process.pid}`;
      try {
        const command = `cd ${repo} && OPENAI_API_KEY=sk-tui WSAGENT_CONFIG_DIR=${configDir} node ${BIN} --base-url ${sim.baseUrl}; sleep 30`;
        execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '160', '-y', '30', command]);
        const deadline = Date.now() + 15_000;
        let screen = '';
        while (Date.now() < deadline && !screen.includes('another wsagent')) {
          await new Promise((r) => setTimeout(r, 100));
          screen = execFileSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' });
        }
        expect(screen).toContain(`! another wsagent (pid ${process.pid}) is working in this workspace; edits to the same files will be refused if they change`);
      } finally {
        spawnSync('tmux', ['kill-session', '-t', session]);
        first.release();
      }
    },
    60_000,
  );
});
