// `wsagent mcp add|list|get|remove` through the built CLI: what lands in the settings file, what is
// printed (never a secret value), and one clear line with a usage exit code for bad input.
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

function env(dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { WSAGENT_CONFIG_DIR: dir, ...extra };
}

describe('wsagent mcp', () => {
  it('adds stdio and URL servers, lists and shows them with secrets hidden, removes them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsagent-mcp-cli-'));
    const add = await runCli(
      [
        'mcp',
        'add',
        'files',
        '--env',
        'API_TOKEN=tok-very-secret',
        '--tool-timeout',
        '30',
        '--',
        'npx',
        '-y',
        '@modelcontextprotocol/server-filesystem',
        '/tmp/a b',
      ],
      { env: env(dir) },
    );
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('added files stdio npx -y @modelcontextprotocol/server-filesystem');
    expect(add.stdout).not.toContain('tok-very-secret');
    const web = await runCli(['mcp', 'add', 'web', '--url', 'https://mcp.example.com/mcp', '--header', 'Authorization=Bearer hdr-secret'], { env: env(dir) });
    expect(web.code).toBe(0);
    expect(web.stdout).not.toContain('hdr-secret');

    const stored = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    expect(stored.mcpServers).toEqual({
      files: {
        command: 'npx',
        args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp/a b'],
        env: { API_TOKEN: 'tok-very-secret' },
        toolTimeoutSeconds: 30,
      },
      web: { url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer hdr-secret' } },
    });
    expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600);

    const list = await runCli(['mcp', 'list'], { env: env(dir) });
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('files');
    expect(list.stdout).toContain("'/tmp/a b'");
    expect(list.stdout).toContain('API_TOKEN=(set, hidden)');
    expect(list.stdout).toContain('Authorization=(set, hidden)');
    expect(list.stdout).not.toMatch(/tok-very-secret|hdr-secret/);

    const get = await runCli(['mcp', 'get', 'web'], { env: env(dir) });
    expect(get.code).toBe(0);
    expect(get.stdout).toContain('url:      https://mcp.example.com/mcp');
    expect(get.stdout).toContain('headers:  Authorization=(set, hidden)');
    expect(get.stdout).toContain('timeouts: start-up 10s, per call 60s');
    expect(get.stdout).not.toContain('hdr-secret');

    const remove = await runCli(['mcp', 'remove', 'files'], { env: env(dir) });
    expect(remove.code).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).mcpServers)).toEqual(['web']);
  });

  it('--env KEY takes the value from the current environment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsagent-mcp-cli-'));
    const r = await runCli(['mcp', 'add', 'gh', '--env', 'GH_TOKEN', '--', 'gh-mcp'], { env: env(dir, { GH_TOKEN: 'from-env-secret' }) });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('from-env-secret');
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).mcpServers.gh.env).toEqual({ GH_TOKEN: 'from-env-secret' });
  });

  it('bad input: one line, usage exit code, nothing stored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsagent-mcp-cli-'));
    for (const args of [
      ['mcp', 'add', 'bad name', '--', 'x'],
      ['mcp', 'add', 'x'],
      ['mcp', 'add', 'x', '--url', 'ftp://example.com'],
      ['mcp', 'add', 'x', '--url', 'http://a', '--', 'cmd'],
      ['mcp', 'add', 'x', '--env', 'NOEQUALS_UNSET_VAR', '--', 'cmd'],
      ['mcp', 'get', 'nothing'],
      ['mcp', 'remove', 'nothing'],
    ]) {
      const r = await runCli(args, { env: env(dir) });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^wsagent: /);
    }
    const list = await runCli(['mcp', 'list'], { env: env(dir) });
    expect(list.stdout).toContain('No MCP servers configured');
  });

  it('a broken mcpServers entry in the settings: one line naming the file, config exit code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsagent-mcp-cli-'));
    await runCli(['config', 'set', 'model', 'gpt-5.2'], { env: env(dir) });
    const file = join(dir, 'config.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify({ mcpServers: { oops: { args: ['x'] } } }));
    const r = await runCli(['mcp', 'list'], { env: env(dir) });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('mcpServers.oops needs "command"');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
