// Plan first and /init for scripts: the built CLI spawned against the simulator. `exec --plan`
// offers only read-only tools (the request log's `tools`), changes nothing even in full-auto, and
// ends with the plan; `exec /init` writes AGENTS.md from what the model read, refuses to replace one
// without --force (before any request), and replaces it with --force.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { copyCalcJs, git } from '../helpers/fixtureRepo.js';
import { sandboxFlags } from '../helpers/sandboxAvailable.js';

const schema = JSON.parse(readFileSync(new URL('../../docs/json-events.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const READ_ONLY = ['list_files', 'read_file', 'search', 'view_image', 'git_status', 'git_diff', 'update_plan'];

let sim: Simulator | undefined;
const temporary: string[] = [];
const configDir = mkdtempSync(join(tmpdir(), 'wsagent-plan-config-'));
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});
afterAll(() => rmSync(configDir, { recursive: true, force: true }));

function repo(): string {
  const dir = copyCalcJs();
  temporary.push(dirname(dir));
  return dir;
}

const env = { OPENAI_API_KEY: 'sk-plan-test', WSAGENT_CONFIG_DIR: configDir, OPENAI_BASE_URL: '', WSAGENT_MODEL: '' };

describe('exec --plan', () => {
  it('offers only read-only tools, changes nothing even in full-auto, ends with the plan (exit 0); mode.changed and plan.updated in --json', async () => {
    // The coding scenario would fix the repository; in plan mode the model plans instead.
    sim = await createSimulator({ scenario: 'coding' });
    const cwd = repo();
    const r = await runCli(
      [
        'exec',
        '--plan',
        '--json',
        '--approval',
        'full-auto',
        ...sandboxFlags,
        '--base-url',
        sim.baseUrl,
        '-C',
        cwd,
        'make divide refuse a zero divisor in src/evaluator.js',
      ],
      { env },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(git(cwd, ['status', '--porcelain'])).toBe('');
    const requests = sim.log.responses().filter((e) => e.generate);
    expect(requests.length).toBeGreaterThanOrEqual(2);
    for (const request of requests) expect(request.tools).toEqual(READ_ONLY);
    expect(requests.at(-1)!.instructions).toMatch(/You are in plan mode/);

    const events = r.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const event of events) expect(validate(event), JSON.stringify(event).slice(0, 200)).toBe(true);
    expect(events.find((e) => e.type === 'mode.changed')).toMatchObject({ mode: 'plan', tools: READ_ONLY });
    // Said before the first turn starts: the mode is in place for its first request.
    expect(events.findIndex((e) => e.type === 'mode.changed')).toBeLessThan(events.findIndex((e) => e.type === 'turn.started'));
    const plan = events.find((e) => e.type === 'plan.updated') as { plan: Array<{ step: string; status: string }> };
    expect(plan.plan.map((s) => s.status)).toEqual(plan.plan.map(() => 'pending'));
    // The file the task names, found in the listing the model asked for.
    expect(plan.plan[1]!.step).toBe('Make the change in src/evaluator.js');
    const done = events.find((e) => e.type === 'turn.completed') as { status: string; finalMessage: string };
    expect(done.status).toBe('completed');
    expect(done.finalMessage).toMatch(/^Plan for "make divide refuse a zero divisor/);
    expect(done.finalMessage).toMatch(/Nothing has been changed/);
  }, 30_000);

  it('-p --plan prints the plan on stdout', async () => {
    sim = await createSimulator({ scenario: null });
    const cwd = repo();
    const r = await runCli(['-p', 'add a power function', '--plan', '--base-url', sim.baseUrl, '-C', cwd], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Plan for "add a power function":\n1\. /);
    expect(r.stderr).toMatch(/plan mode: read-only tools only \(list_files, read_file, search, view_image, git_status, git_diff, update_plan\)/);
    expect(git(cwd, ['status', '--porcelain'])).toBe('');
  }, 30_000);
});

describe('exec /init', () => {
  it('writes AGENTS.md from what the model read; refuses to replace it without --force (no request made); --force replaces it', async () => {
    sim = await createSimulator({ scenario: null });
    const cwd = repo();
    rmSync(join(cwd, 'AGENTS.md'));
    const args = ['exec', '--base-url', sim.baseUrl, '-C', cwd];

    const first = await runCli([...args, '/init'], { env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(`wsagent: wrote ${join(cwd, 'AGENTS.md')}`);
    const written = readFileSync(join(cwd, 'AGENTS.md'), 'utf8');
    // The commands come from the fixture's package.json, the layout from its listing.
    const scripts = Object.keys(JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')).scripts as Record<string, string>);
    for (const name of scripts) expect(written).toContain(`npm run ${name}`);
    expect(written).toContain('`src/`');
    expect(written).toContain('`test/`');
    // The model investigated read-only.
    for (const request of sim.log.responses().filter((e) => e.generate)) expect(request.tools).toEqual(READ_ONLY);

    writeFileSync(join(cwd, 'AGENTS.md'), '# mine\n');
    const before = sim.log.responses().length;
    const refused = await runCli([...args, '/init'], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`wsagent: AGENTS.md already exists in ${cwd}; \`wsagent exec --force /init\` replaces it\n`);
    expect(readFileSync(join(cwd, 'AGENTS.md'), 'utf8')).toBe('# mine\n');
    expect(sim.log.responses().length).toBe(before);

    const forced = await runCli([...args, '--force', '/init'], { env });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toContain(`wsagent: replaced ${join(cwd, 'AGENTS.md')}`);
    const replaced = readFileSync(join(cwd, 'AGENTS.md'), 'utf8');
    expect(replaced).not.toContain('# mine');
    expect(replaced).toBe(written);
  }, 40_000);
});
