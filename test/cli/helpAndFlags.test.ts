// Issue 19.9: each subcommand's help lists its own options; no unknown flag is answered with a
// dangerous one; an empty -p is a usage error; `wsagent config` alone lists the settings; a
// mistyped setting or config subcommand gets the nearest name.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/config/exitCodes.js';
import { runCli } from '../helpers/cli.js';

const configDir = mkdtempSync(join(tmpdir(), 'wsagent-flags-'));
afterAll(() => rmSync(configDir, { recursive: true, force: true }));
const env = { WSAGENT_CONFIG_DIR: configDir, OPENAI_API_KEY: 'sk-flags', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' };

const AGENT_ONLY = ['--yolo', '--base-url', '--output-schema', '--reasoning-effort', '--json-format'];

describe('help per subcommand (19.9)', () => {
  it.each([
    ['sim', '--scenario'],
    ['demo', '--keep'],
    ['config', 'set <key>'],
    ['mcp', 'add [options]'],
    ['mcp add', '--url'],
    ['sessions', '--limit'],
  ])('`%s --help` lists its own options, not the agent options', async (command, own) => {
    const r = await runCli([...command.split(' '), '--help'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(own);
    for (const flag of AGENT_ONLY) expect(r.stdout, flag).not.toContain(flag);
  });

  it('demo lists --profile once, with its own meaning, and its -s/--sandbox', async () => {
    const r = await runCli(['demo', '--help'], { env });
    expect(r.stdout.match(/--profile/g)).toHaveLength(1);
    expect(r.stdout).toContain('--profile <name>      simulated network');
    expect(r.stdout).toContain('-s, --sandbox <mode>');
  });

  it('the prompt and exec still list every agent option', async () => {
    for (const args of [['--help'], ['exec', '--help']]) {
      const r = await runCli(args, { env });
      for (const flag of AGENT_ONLY) expect(r.stdout, `${args.join(' ')} ${flag}`).toContain(flag);
    }
  });
});

describe('usage errors (19.9)', () => {
  it.each(['--foo', '--yol', '--yoloo', '--full-aut', '--dangerously-bypass'])(
    '`%s` is never answered with a flag that removes approvals or the sandbox',
    async (flag) => {
      const r = await runCli([flag], { env });
      expect(r.code).toBe(EXIT.usage);
      expect(r.stderr).toBe(`wsagent: unknown option '${flag}'\n`);
    },
  );

  it('a safe suggestion is still made, on the same line', async () => {
    const r = await runCli(['exec', '--modle', 'x', 'hi'], { env });
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toBe("wsagent: unknown option '--modle' (Did you mean --model?)\n");
  });

  it.each([[['-p']], [['-p', '']], [['-p', '   ']], [['-p', '--json']]])('%j is a usage error before any connection', async (args) => {
    const r = await runCli(args, { env });
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^wsagent: .*(-p|--prompt)/);
    expect(r.stderr).not.toMatch(/connect|reconnect/);
  });
});

describe('config without a subcommand, and near misses (19.9)', () => {
  it('`wsagent config` alone lists the settings as `config list` does', async () => {
    const alone = await runCli(['config'], { env });
    const list = await runCli(['config', 'list'], { env });
    expect(alone.code).toBe(0);
    expect(alone.stdout).toMatch(/^approval +/m);
    expect(alone.stdout).toBe(list.stdout);
  });

  it('`config set approvel …` names the nearest setting; `config lst` the nearest subcommand', async () => {
    const set = await runCli(['config', 'set', 'approvel', 'full-auto'], { env });
    expect(set.code).toBe(EXIT.usage);
    expect(set.stderr).toContain('unknown setting "approvel" (did you mean approval?');
    expect(set.stderr.trim().split('\n')).toHaveLength(1);
    const sub = await runCli(['config', 'lst'], { env });
    expect(sub.code).toBe(EXIT.usage);
    expect(sub.stderr).toContain("unknown command 'config lst' (did you mean config list?)");
  });
});
