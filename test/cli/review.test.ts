// `wsagent review` as CI runs it: the built CLI spawned against the simulator on a temporary git
// repository with a planted bug. Asserted: the findings (schema-checked with ajv against
// docs/review-output.schema.json), the exit codes of --fail-on and bad targets, and what went over
// the wire: a strict text.format, read-only tools only, and for a diff over N files the sub-agents'
// requests forked on lanes from the one response that read the diff.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exitCodes.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { git } from '../helpers/fixtureRepo.js';
import { spawnWatched } from '../helpers/killableCli.js';
import { type Gateway, startGateway } from '../helpers/gatewayProxy.js';

const schema = JSON.parse(readFileSync(new URL('../../docs/review-output.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

const SUM = 'export function sum(xs) {\n  let total = 0;\n  for (let i = 0; i < xs.length; i++) total += xs[i];\n  return total;\n}\n';

let sim: Simulator | undefined;
let gateway: Gateway | undefined;
let configDir: string;
const repos: string[] = [];

beforeAll(() => {
  configDir = mkdtempSync(join(tmpdir(), 'wsagent-review-config-'));
});
afterEach(async () => {
  await gateway?.close();
  await sim?.close();
  gateway = undefined;
  sim = undefined;
});
afterAll(() => {
  for (const dir of [configDir, ...repos]) rmSync(dir, { recursive: true, force: true });
});

const env = (): NodeJS.ProcessEnv => ({ OPENAI_API_KEY: 'sk-review-test', WSAGENT_CONFIG_DIR: configDir, OPENAI_BASE_URL: '', WSAGENT_MODEL: '' });

/** A repository with `files` committed, then `changes` written over them (not committed). */
function repoWith(files: Record<string, string>, changes: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'wsagent-review-repo-'));
  repos.push(root);
  const write = (set: Record<string, string>): void => {
    for (const [path, text] of Object.entries(set)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
  };
  write(files);
  git(root, ['init', '-q', '-b', 'main']);
  git(root, ['add', '-A']);
  git(root, ['commit', '-q', '-m', 'initial']);
  write(changes);
  return root;
}

const plantedBug = (): string => repoWith({ 'src/sum.js': SUM }, { 'src/sum.js': SUM.replace('i < xs.length', 'i <= xs.length') });

type ReviewJson = Record<string, unknown> & { findings: Array<Record<string, any>> };

function reviewJson(stdout: string): ReviewJson {
  const review = JSON.parse(stdout) as ReviewJson;
  if (!validate(review)) throw new Error(`not valid against docs/review-output.schema.json: ${JSON.stringify(validate.errors)}\n${stdout}`);
  return review;
}

describe('wsagent review', () => {
  it('--uncommitted --json FOCUS: the planted bug as a schema-valid P1 finding with file and line; strict format, read-only tools, the focus sent', async () => {
    sim = await createSimulator({ scenario: null });
    gateway = await startGateway(sim);
    const repo = plantedBug();
    const r = await runCli(['review', '--uncommitted', '--json', 'the loop bounds', '--base-url', gateway.baseUrl, '-C', repo], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    const review = reviewJson(r.stdout);
    expect(review.findings).toHaveLength(1);
    expect(review.findings[0]).toMatchObject({
      priority: 1,
      code_location: { absolute_file_path: join(repo, 'src/sum.js'), line_range: { start: 3, end: 3 } },
    });
    expect(review.overall_correctness).toBe('patch is incorrect');
    const creates = gateway.bodies.filter((b) => b.json.type === 'response.create').map((b) => b.json);
    // After the connection's warm-up the reviewer read the file around the change, then answered.
    const generated = creates.filter((b) => b.generate !== false);
    expect(generated).toHaveLength(2);
    for (const body of creates) {
      expect(body.text).toMatchObject({ format: { type: 'json_schema', name: 'code_review', strict: true } });
      const tools = (body.tools as Array<{ name: string }>).map((t) => t.name).sort();
      expect(tools).toEqual(['git_diff', 'git_status', 'list_files', 'read_file', 'search']);
    }
    expect(JSON.stringify(creates.map((b) => b.input))).toContain('+  for (let i = 0; i <= xs.length; i++)');
    // The focus given on the command line goes with the diff.
    expect(JSON.stringify(creates.map((b) => b.input))).toContain('The author asks you to focus on: the loop bounds');
    expect(generated[1]!.previous_response_id).toBeTruthy();
    expect(sim.log.responses().map((e) => e.status)).toEqual(['completed', 'completed', 'completed']);
  });

  it('--fail-on P1: exit 1 with a P1 finding, exit 0 with only a P3; the list names priority, file and lines', async () => {
    sim = await createSimulator({ scenario: null });
    const withP1 = await runCli(['review', '--fail-on', 'P1', '--base-url', sim.baseUrl, '-C', plantedBug()], { env: env() });
    expect(withP1.code, withP1.stderr).toBe(EXIT.taskFailed);
    expect(withP1.stdout).toMatch(/^P1 src\/sum\.js:3 {2}Off-by-one/m);
    expect(withP1.stdout).toContain('patch is incorrect');

    const onlyP3 = repoWith({ 'src/sum.js': SUM }, { 'src/sum.js': SUM.replace('  return total;', '  console.log(total);\n  return total;') });
    const clean = await runCli(['review', '--fail-on', 'P1', '--base-url', sim.baseUrl, '-C', onlyP3], { env: env() });
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/^P3 src\/sum\.js:4 {2}Debug logging left in/m);
    // The same finding fails a stricter gate.
    const strict = await runCli(['review', '--fail-on', 'P3', '--json', '--base-url', sim.baseUrl, '-C', onlyP3], { env: env() });
    expect(strict.code).toBe(EXIT.taskFailed);
    expect(reviewJson(strict.stdout).findings.map((f) => f.priority)).toEqual([3]);
  });

  it('--commit and --base review committed changes; bad refs and two targets are one-line usage errors (exit 2)', async () => {
    sim = await createSimulator({ scenario: null });
    const repo = plantedBug();
    git(repo, ['checkout', '-q', '-b', 'feature']);
    git(repo, ['commit', '-q', '-am', 'loop to the end']);
    const args = ['--json', '--base-url', sim.baseUrl, '-C', repo];
    for (const target of [
      ['--commit', 'HEAD'],
      ['--base', 'main'],
    ]) {
      const r = await runCli(['review', ...target, ...args], { env: env() });
      expect(r.code, `${target.join(' ')}: ${r.stderr}`).toBe(0);
      expect(reviewJson(r.stdout).findings.map((f) => [f.priority, f.code_location.line_range.start])).toEqual([[1, 3]]);
    }
    const uncommitted = await runCli(['review', ...args], { env: env() });
    expect(reviewJson(uncommitted.stdout)).toMatchObject({ findings: [], overall_correctness: 'patch is correct' });

    const requestsBefore = sim.log.responses().length;
    for (const bad of [
      ['--base', 'no-such-branch'],
      ['--uncommitted', '--commit', 'HEAD'],
    ]) {
      const r = await runCli(['review', ...bad, ...args], { env: env() });
      expect(r.code, bad.join(' ')).toBe(EXIT.usage);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(
        /^wsagent: --base no-such-branch: no such branch or commit in this repository$|^wsagent: review takes one of --uncommitted, --base and --commit \(got --uncommitted and --commit\)$/m,
      );
    }
    const notRepo = mkdtempSync(join(tmpdir(), 'wsagent-review-plain-'));
    repos.push(notRepo);
    const outside = await runCli(['review', '--base-url', sim.baseUrl, '-C', notRepo], { env: env() });
    expect(outside.code).toBe(EXIT.usage);
    expect(outside.stderr).toBe(`wsagent: ${notRepo} is not a git repository: a review needs git to know what changed\n`);
    expect(sim.log.responses()).toHaveLength(requestsBefore);
  });
});

describe('wsagent review interrupted', () => {
  it('SIGINT while the reviewer works: exit 130, a one-line reason, nothing on stdout', async () => {
    // A slow first token, so the reviewer's response is still coming when the signal lands.
    sim = await createSimulator({ scenario: null, profile: { ttftMs: 3_000 } });
    const child = spawnWatched(['review', '--json', '--base-url', sim.baseUrl, '-C', plantedBug()], { env: env() });
    // The warm-up that carries the diff is done: the reviewer's first request is on its way.
    sim.log.onRecord((entry) => {
      if (!entry.generate && entry.status === 'completed') child.child.kill('SIGINT');
    });
    const { code } = await child.exited;
    expect(code).toBe(EXIT.interrupted);
    expect(child.stdout()).toBe('');
    expect(child.stderr()).toMatch(/^wsagent: the review did not finish: .*cancelled$/m);
    expect(child.stderr()).not.toMatch(/\n\s+at /);
  });
});

describe('wsagent review of a diff over N files', () => {
  /** Nine changed files (the default N is 8), two planted bugs far apart. */
  function nineFiles(): string {
    const base: Record<string, string> = {};
    const changed: Record<string, string> = {};
    for (let i = 1; i <= 9; i++) {
      const path = `src/m${i}.js`;
      base[path] = SUM.replace('sum', `sum${i}`);
      changed[path] =
        i === 2 || i === 9 ? base[path].replace('i < xs.length', 'i <= xs.length') : base[path].replace('let total = 0', 'let total = 0 // start');
    }
    return repoWith(base, changed);
  }

  it('sub-agents review groups of files on lanes, each forked from the response that read the diff; findings merged', async () => {
    sim = await createSimulator({ scenario: null });
    const repo = nineFiles();
    const r = await runCli(['review', '--json', '--base-url', sim.baseUrl, '-C', repo], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    const review = reviewJson(r.stdout);
    expect(review.findings.map((f) => [f.code_location.absolute_file_path, f.priority])).toEqual([
      [join(repo, 'src/m2.js'), 1],
      [join(repo, 'src/m9.js'), 1],
    ]);
    const log = sim.log.responses();
    // The diff goes once, as a generate:false request on the default lane...
    const [read, ...forks] = log;
    expect(read).toMatchObject({ generate: false, streamId: null, status: 'completed', inputMode: 'full' });
    // ...and every sub-agent forks from that response on a lane of the same socket, sending only its task.
    const lanes = [...new Set(forks.map((e) => e.streamId))].sort();
    expect(lanes.length).toBeGreaterThanOrEqual(2);
    expect(lanes.every((l) => l?.startsWith('review-'))).toBe(true);
    for (const lane of lanes) {
      const first = forks.find((e) => e.streamId === lane)!;
      expect(first).toMatchObject({ forked: true, previousResponseId: read!.responseId, cache: 'connection', inputItems: 1 });
    }
    expect(new Set(log.map((e) => e.connectionId)).size).toBe(1);
    expect(forks.every((e) => e.status === 'completed')).toBe(true);
  });

  it('without lanes (HTTP, or a socket server without them) the groups run as chains of their own, with the same findings', async () => {
    const repo = nineFiles();
    for (const [transport, lanes] of [
      ['http', true],
      ['ws', false],
    ] as const) {
      sim = await createSimulator({ scenario: null, lanes });
      const r = await runCli(['review', '--json', '--transport', transport, '--base-url', sim.baseUrl, '-C', repo], { env: env() });
      expect(r.code, r.stderr).toBe(0);
      expect(reviewJson(r.stdout).findings.map((f) => f.code_location.line_range.start)).toEqual([3, 3]);
      const log = sim.log.responses();
      expect(log.every((e) => e.transport === transport)).toBe(true);
      // Nothing ran on a lane: each group's chain carries the diff in full.
      const served = log.filter((e) => e.status === 'completed');
      expect(served.every((e) => e.streamId === null)).toBe(true);
      expect(served.filter((e) => e.inputMode === 'full' && e.generate).length).toBeGreaterThanOrEqual(2);
      await sim.close();
      sim = undefined;
    }
  });
});
