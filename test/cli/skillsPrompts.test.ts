// Skills and the user's own slash commands (issue 23, points 3 and 5), end to end: the built CLI in
// exec mode against the simulator, asserting what went over the wire (the request log's
// instructions and user texts), what stayed on disk, and what was reported.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Scenario, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { sandboxFlags } from '../helpers/sandboxAvailable.js';

let sim: Simulator | undefined;
const temporary: string[] = [];
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  temporary.push(dir);
  return dir;
}

function put(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
}

function repository(files: Record<string, string>): string {
  const dir = tempDir('wsagent-ext-repo-');
  put(dir, { 'README.md': '# demo\n', ...files });
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  return dir;
}

function env(configDir: string): NodeJS.ProcessEnv {
  return { OPENAI_API_KEY: 'sk-ext-test', WSAGENT_CONFIG_DIR: configDir, OPENAI_BASE_URL: '', WSAGENT_MODEL: '' };
}

function events(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const REPO_SKILL = `---
name: release-notes
description: Write the release notes for a version from the git log.
---
REPO-SKILL-BODY: group the commits by kind, newest first.
`;
const USER_SKILL = `---
name: house-style
description: "The user's code style: naming, comments, tests."
---
USER-SKILL-BODY: comments say why, never what.
`;

describe('skills', () => {
  it('are listed one line each in the first request instructions, bodies left out; read_file reads a user skill but cannot write it; a bad one is reported once', async () => {
    const configDir = tempDir('wsagent-ext-config-');
    put(configDir, { 'skills/house-style/SKILL.md': USER_SKILL });
    const userSkill = join(configDir, 'skills/house-style/SKILL.md');
    const repo = repository({
      '.agents/skills/release-notes/SKILL.md': REPO_SKILL,
      '.agents/skills/broken/SKILL.md': '---\nname: [unclosed\n---\nbody\n',
      '.agents/skills/not-a-skill/notes.md': 'a folder without SKILL.md is ignored\n',
    });
    const scenario: Scenario = {
      name: 'skill-reader',
      description: 'reads the user skill the instructions list, then tries to overwrite it',
      steps: [
        { calls: [{ name: 'read_file', arguments: { path: userSkill, start_line: null, end_line: null } }] },
        { expect: { contains: 'USER-SKILL-BODY' }, calls: [{ name: 'write_file', arguments: { path: userSkill, content: 'overwritten\n' } }] },
        { expect: { contains: 'outside the workspace' }, message: 'Followed the house style.' },
      ],
    };
    sim = await createSimulator({ scenario });
    const r = await runCli(
      ['exec', '--json', '--approval', 'full-auto', ...sandboxFlags, '-m', 'gpt-4.1', '--base-url', sim.baseUrl, '-C', repo, 'Tidy the README.'],
      {
        env: env(configDir),
        timeoutMs: 60_000,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    const served = sim.log.responses().filter((e) => e.generate); // not the warm-up
    const first = served[0]!;
    const instructions = first.instructions ?? '';
    expect(instructions).toContain('## Skills');
    expect(instructions).toContain('- release-notes: Write the release notes for a version from the git log. (file: .agents/skills/release-notes/SKILL.md)');
    expect(instructions).toContain(`- house-style: The user's code style: naming, comments, tests. (file: ${userSkill})`);
    expect(instructions).not.toContain('REPO-SKILL-BODY');
    expect(instructions).not.toContain('USER-SKILL-BODY');
    expect(instructions).not.toContain('broken');
    expect(instructions).not.toContain('not-a-skill');
    // Every scripted expectation held: the read returned the body, the write was refused.
    expect(served.map((e) => e.step)).toEqual([0, 1, 2]);
    expect(readFileSync(userSkill, 'utf8')).toBe(USER_SKILL);
    const skipped = events(r.stdout).filter((e) => e.type === 'error' && e.code === 'extension_skipped');
    expect(skipped).toHaveLength(1);
    expect(String(skipped[0]!.message)).toMatch(/broken\/SKILL\.md skipped: front matter is not valid YAML \(line 2 of the file\): \S.*[^:]$/);

    // Plain output (-p): the skipped skill is a one-line warning on stderr, not a refusal.
    const plain = await runCli(['--base-url', sim.baseUrl, '-C', repo, ...sandboxFlags, '-m', 'gpt-4.1', '-p', 'Tidy the README.'], {
      env: env(configDir),
      timeoutMs: 60_000,
    });
    const lines = plain.stderr.split('\n').filter((l) => l.includes('skipped'));
    expect(lines, plain.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^warning: skill \S+broken\/SKILL\.md skipped: front matter is not valid YAML/);
  }, 90_000);
});

const REVIEW_PR = `---
description: Review a pull request
argument-hint: PR [FOCUS]
---
Review pull request #$1, paying attention to $2.
Everything you were given: $ARGUMENTS
`;

describe('prompt files as slash commands', () => {
  it('exec "/review-pr 42 \\"error handling\\"" sends the substituted prompt; a repository prompt works as /prompts:NAME; a built-in name wins and is reported once', async () => {
    const configDir = tempDir('wsagent-ext-config-');
    put(configDir, { 'prompts/review-pr.md': REVIEW_PR, 'prompts/help.md': 'never sent\n' });
    const repo = repository({ '.wsagent/prompts/fix-issue.md': 'Fix issue $1 and add a regression test.\n' });
    sim = await createSimulator({ scenario: 'chat' });
    const r = await runCli(
      [
        'exec',
        '--json',
        ...sandboxFlags,
        '--base-url',
        sim.baseUrl,
        '-C',
        repo,
        '/review-pr 42 "error handling"',
        '/prompts:fix-issue 7',
        '/unknown stays as typed',
      ],
      { env: env(configDir), timeoutMs: 60_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    const sent = sim.log.responses().flatMap((e) => e.userTexts ?? []);
    expect(sent).toEqual([
      'Review pull request #42, paying attention to error handling.\nEverything you were given: 42 "error handling"',
      'Fix issue 7 and add a regression test.',
      '/unknown stays as typed',
    ]);
    const skipped = events(r.stdout).filter((e) => e.type === 'error' && e.code === 'extension_skipped');
    expect(skipped.map((e) => e.message)).toEqual([`prompt ${join(configDir, 'prompts/help.md')} skipped: /help is a built-in command`]);
  }, 90_000);
});
