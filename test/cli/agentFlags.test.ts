// Issue 13, points 1–4, as users of Codex, Claude Code and gemini-cli type them: the built CLI
// spawned against the simulator behind a recording proxy, asserting what went over the wire, what
// was written to disk, what the user saw and the exit codes.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/config/exitCodes.js';
import { KEYS } from '../../src/config/settings.js';
import { createSimulator, type Scenario, type Simulator } from '../../src/simulator/index.js';
import { runCli, startCli } from '../helpers/cli.js';
import { copyCalcJs } from '../helpers/fixtureRepo.js';
import { type Gateway, startGateway } from '../helpers/gatewayProxy.js';
import { sandboxAvailable, sandboxFlags } from '../helpers/sandboxAvailable.js';

let sim: Simulator | undefined;
let proxy: Gateway | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await sim?.close();
  sim = undefined;
});

const answer = (message: string): Scenario => ({ name: 'answer', description: 'one answer', steps: [{ message }] });

function env(configDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    OPENAI_API_KEY: 'sk-flags-test',
    WSAGENT_CONFIG_DIR: configDir,
    OPENAI_BASE_URL: '',
    WSAGENT_MODEL: '',
    WSAGENT_APPROVAL: '',
    WSAGENT_SANDBOX: '',
    ...extra,
  };
}

async function start(scenario: Scenario): Promise<{ base: string; configDir: string }> {
  sim = await createSimulator({ scenario });
  proxy = await startGateway(sim);
  return { base: proxy.baseUrl, configDir: mkdtempSync(join(tmpdir(), 'wsagent-flags-')) };
}

/** The generating requests as sent (warm-ups left out). */
function requests(): Array<Record<string, unknown>> {
  return proxy!.bodies.map((b) => b.json).filter((j) => j.generate !== false && Array.isArray(j.input));
}

/** The latest user message sent (over the socket it goes with the warm-up; the request after it continues from there). */
function lastUserMessage(): { text: string; parts: Array<Record<string, unknown>> } {
  const items = proxy!.bodies.flatMap((b) => (Array.isArray(b.json.input) ? (b.json.input as Array<Record<string, unknown>>) : []));
  const message = items.filter((i) => i.type === 'message' && i.role === 'user').at(-1)!;
  const parts = message.content as Array<Record<string, unknown>>;
  return {
    text: parts
      .filter((p) => p.type === 'input_text')
      .map((p) => p.text)
      .join(''),
    parts,
  };
}

function started(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout.split('\n').find((l) => l.includes('"session.started"'))!) as Record<string, unknown>;
}

describe("the other agents' flags (13.1)", () => {
  it('--cd, -m, --full-auto, -o: the run happens there, with that model, approval and sandbox, the answer in the file', async () => {
    const { base, configDir } = await start(answer('All done here.'));
    const repo = copyCalcJs();
    const last = join(configDir, 'last.txt');
    const r = await runCli(['-p', 'say hi', '--json', '--base-url', base, '--cd', repo, '-m', 'gpt-4.1-mini', '--full-auto', '-o', last], {
      env: env(configDir),
    });
    if (!sandboxAvailable) {
      // --full-auto asks for the sandbox; a machine without one refuses before any request (issue 19).
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('--sandbox danger-full-access');
      expect(proxy!.bodies).toEqual([]);
      return;
    }
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(started(r.stdout)).toMatchObject({ cwd: repo, approval: 'full-auto', model: 'gpt-4.1-mini' });
    expect(started(r.stdout).sandbox).not.toBe('danger-full-access');
    expect(requests()[0]).toMatchObject({ model: 'gpt-4.1-mini' });
    expect(readFileSync(last, 'utf8')).toBe('All done here.\n');
  });

  it('--yolo and --dangerously-bypass-approvals-and-sandbox: full-auto without a sandbox', async () => {
    const { base, configDir } = await start(answer('ok'));
    for (const flag of ['--yolo', '--dangerously-bypass-approvals-and-sandbox']) {
      const r = await runCli(['-p', 'hi', '--json', '--base-url', base, '-C', copyCalcJs(), flag], { env: env(configDir) });
      expect(r.code).toBe(0);
      expect(started(r.stdout)).toMatchObject({ approval: 'full-auto', sandbox: 'danger-full-access' });
    }
  });

  it('-c key=value and --profile: profile above the config file, -c above the environment, flags above -c', async () => {
    const { base, configDir } = await start(answer('ok'));
    writeFileSync(
      join(configDir, 'config.json'),
      JSON.stringify({ model: 'gpt-4.1', approval: 'suggest', profiles: { fast: { model: 'gpt-4.1-nano', approval: 'auto-edit' } } }),
    );
    const run = async (args: string[], extra: Record<string, string> = {}) => {
      const r = await runCli(['-p', 'hi', '--json', '--base-url', base, '-C', copyCalcJs(), ...args], { env: env(configDir, extra) });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return { started: started(r.stdout), body: requests().at(-1)! };
    };
    expect((await run([])).body.model).toBe('gpt-4.1');
    const profiled = await run(['--profile', 'fast']);
    expect(profiled.body.model).toBe('gpt-4.1-nano');
    expect(profiled.started.approval).toBe('auto-edit');
    // The environment beats the profile; -c beats the environment; -m beats -c.
    expect((await run(['--profile', 'fast'], { WSAGENT_MODEL: 'gpt-4o' })).body.model).toBe('gpt-4o');
    const overridden = await run(
      ['--profile', 'fast', '-c', 'model=gpt-4o-mini', '-c', 'approval="full-auto"', '-c', 'sandbox.network=true', ...sandboxFlags],
      {
        WSAGENT_MODEL: 'gpt-4o',
      },
    );
    expect(overridden.body.model).toBe('gpt-4o-mini');
    expect(overridden.started.approval).toBe('full-auto');
    expect((await run(['-c', 'model=gpt-4o-mini', '-m', 'gpt-5-mini'])).body.model).toBe('gpt-5-mini');
  });

  it('bad -c, --profile and --color values: one line, exit 2', async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'wsagent-flags-'));
    for (const [args, said] of [
      [['-c', 'nosuch=1'], '-c nosuch=1: unknown setting "nosuch"'],
      [['-c', 'model'], '-c model: expected key=value'],
      [['-c', 'maxTurns=zero'], 'maxTurns must be a whole number'],
      [['--profile', 'missing'], '--profile missing: no such profile'],
      [['--color', 'sometimes'], "argument 'sometimes' is invalid"],
    ] as const) {
      const r = await runCli(['-p', 'hi', ...args], { env: env(configDir) });
      expect(r.code, args.join(' ')).toBe(EXIT.usage);
      expect(r.stderr).toContain(said);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('an unknown flag: one line with the nearest known flag, exit 2', async () => {
    const r = await runCli(['--modle', 'gpt-4.1', '-p', 'hi'], { env: env(mkdtempSync(join(tmpdir(), 'wsagent-flags-'))) });
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr.trim()).toBe("wsagent: unknown option '--modle' (Did you mean --model?)");
  });

  it("a subcommand's own --profile (sim: the network profile) still reaches it", async () => {
    const { child, match } = await startCli(['sim', '--profile', 'wan'], /profile "(\w+)"/);
    child.kill('SIGTERM');
    expect(match[1]).toBe('wan');
  });

  it('--ephemeral writes no session file, and cannot be resumed', async () => {
    const { base, configDir } = await start(answer('ok'));
    const r = await runCli(['-p', 'hi', '--base-url', base, '-C', copyCalcJs(), '--ephemeral'], { env: env(configDir) });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('ok\n');
    const sessions = join(configDir, 'sessions');
    expect(existsSync(sessions) ? readdirSync(sessions) : []).toEqual([]);
    const plain = await runCli(['-p', 'hi', '--base-url', base, '-C', copyCalcJs()], { env: env(configDir) });
    expect(plain.code).toBe(0);
    expect(readdirSync(sessions)).toHaveLength(1);
    const resume = await runCli(['-p', 'hi', '--base-url', base, '--ephemeral', '--resume', 'last'], { env: env(configDir) });
    expect(resume.code).toBe(EXIT.usage);
    expect(resume.stderr).toContain('--ephemeral and --resume do not go together');
  });

  it('-i/--image: input_image parts with data URLs on the first user message, accepted by the simulator', async () => {
    const { base, configDir } = await start(answer('I see two images.'));
    const png = join(configDir, 'shot.png');
    const jpg = join(configDir, 'photo.jpg');
    writeFileSync(png, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    writeFileSync(jpg, Buffer.from('ffd8ffe000104a464946', 'hex'));
    const r = await runCli(['-p', 'what is in these?', '--base-url', base, '-C', copyCalcJs(), '-i', png, '--image', jpg], { env: env(configDir) });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('I see two images.\n');
    const { text, parts } = lastUserMessage();
    expect(text).toBe('what is in these?');
    expect(parts.filter((p) => p.type === 'input_image')).toEqual([
      { type: 'input_image', image_url: `data:image/png;base64,${readFileSync(png).toString('base64')}`, detail: 'auto' },
      { type: 'input_image', image_url: `data:image/jpeg;base64,${readFileSync(jpg).toString('base64')}`, detail: 'auto' },
    ]);
    const missing = await runCli(['-p', 'x', '-i', join(configDir, 'nope.png')], { env: env(configDir) });
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.stderr).toContain('nope.png: cannot read it (ENOENT)');
  });

  it('the simulator refuses an input_image without a usable image', async () => {
    sim = await createSimulator({ scenario: answer('ok') });
    const post = (image: Record<string, unknown>) =>
      fetch(`${sim!.baseUrl}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-x' },
        body: JSON.stringify({
          model: 'gpt-4.1',
          input: [
            {
              type: 'message',
              role: 'user',
              content: [
                { type: 'input_text', text: 'hi' },
                { type: 'input_image', ...image },
              ],
            },
          ],
        }),
      });
    const bad = await post({ image_url: 'not-a-url' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('input[0].content[1].image_url');
    const good = await post({ image_url: 'data:image/png;base64,iVBORw0KGgo=' });
    expect(good.status).toBe(200);
    await good.text();
  });
});

describe('piped input (13.2)', () => {
  it('-p - reads the prompt from stdin; piped text beside a prompt is its context; exec without prompts reads stdin', async () => {
    const { base, configDir } = await start(answer('ok'));
    const cli = (args: string[], input: string) => runCli([...args, '--base-url', base, '-C', copyCalcJs()], { env: env(configDir), input });
    const dash = await cli(['-p', '-'], 'explain the build\n');
    expect(dash.code).toBe(0);
    expect(lastUserMessage().text).toBe('explain the build');
    const diff = 'diff --git a/x b/x\n+added line\n';
    const review = await cli(['-p', 'review this'], diff);
    expect(review.code).toBe(0);
    expect(lastUserMessage().text).toBe('review this\n\n<stdin>\ndiff --git a/x b/x\n+added line\n</stdin>');
    const exec = await cli(['exec'], 'list the files\n');
    expect(exec.code).toBe(0);
    expect(lastUserMessage().text).toBe('list the files');
    const execDash = await cli(['exec', '-'], 'what changed?');
    expect(execDash.code).toBe(0);
    expect(lastUserMessage().text).toBe('what changed?');
    const empty = await cli(['-p', '-'], '');
    expect(empty.code).toBe(EXIT.usage);
    expect(empty.stderr).toContain('-p - reads the prompt from standard input');
  });
});

describe('--output-schema (13.3)', () => {
  const schema = {
    type: 'object',
    properties: { verdict: { enum: ['pass', 'fail'] }, files: { type: 'array', items: { type: 'string' } } },
    required: ['verdict', 'files'],
    additionalProperties: false,
  };

  it('sends text.format json_schema strict; a conforming answer goes to stdout and -o, exit 0', async () => {
    // Not JSON: the simulator answers with a minimal instance of the schema instead.
    const { base, configDir } = await start(answer('Everything passes.'));
    const file = join(configDir, 'verdict.schema.json');
    writeFileSync(file, JSON.stringify(schema));
    const last = join(configDir, 'out.json');
    const r = await runCli(['exec', '--output-schema', file, '-o', last, '--base-url', base, '-C', copyCalcJs(), 'review'], { env: env(configDir) });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ verdict: 'pass', files: [] });
    expect(JSON.parse(readFileSync(last, 'utf8'))).toEqual({ verdict: 'pass', files: [] });
    for (const body of proxy!.bodies.map((b) => b.json).filter((j) => j.input !== undefined))
      expect(body.text).toMatchObject({ format: { type: 'json_schema', name: 'verdict_schema', schema, strict: true } });
  });

  it('a non-conforming answer: exit 1 with the validation error', async () => {
    const { base, configDir } = await start(answer('{"verdict":"maybe"}'));
    const file = join(configDir, 'verdict.schema.json');
    writeFileSync(file, JSON.stringify(schema));
    const r = await runCli(['-p', 'review', '--output-schema', file, '--base-url', base, '-C', copyCalcJs()], { env: env(configDir) });
    expect(r.code).toBe(EXIT.taskFailed);
    expect(r.stderr).toContain(`the final answer does not conform to ${file}`);
    expect(r.stderr).toContain("(root) must have required property 'files'");
    expect(r.stderr).toContain('/verdict must be equal to one of the allowed values');
    const bad = join(configDir, 'bad.json');
    writeFileSync(bad, '{not json');
    const unreadable = await runCli(['-p', 'x', '--output-schema', bad], { env: env(configDir) });
    expect(unreadable.code).toBe(EXIT.usage);
    expect(unreadable.stderr).toContain('cannot read a JSON schema');
  });
});

describe('help (13.4)', () => {
  it('exec --help lists every option that applies to exec', async () => {
    const r = await runCli(['exec', '--help']);
    expect(r.code).toBe(0);
    for (const flag of [
      '--script',
      '--model',
      '--json',
      '--json-format',
      '--output-last-message',
      '--output-schema',
      '--approval',
      '--sandbox',
      '--full-auto',
      '--yolo',
      '--cd',
      '--config',
      '--profile',
      '--ephemeral',
      '--image',
      '--base-url',
      '--max-turns',
      '--resume',
    ]) {
      expect(r.stdout, flag).toContain(flag);
    }
  });

  it("--help lists the exit codes and every setting's environment variables", async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Exit codes:');
    for (const code of Object.values(EXIT)) expect(r.stdout).toMatch(new RegExp(`^  ${code} +\\S`, 'm'));
    for (const spec of Object.values(KEYS)) for (const name of spec.env ?? []) expect(r.stdout).toContain(name);
    expect(r.stdout).toContain('WSAGENT_CONFIG_DIR');
  });
});
