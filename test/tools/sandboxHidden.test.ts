// Issue 19: what a sandboxed command can no longer read or reach. The credential files every
// machine collects (planted in a HOME outside /tmp, whose private copy would hide them anyway),
// the agents' sockets and their variables, `sandbox.hide` / `sandbox.unhide`, and `.wsagent/`
// read-only as `.git/` is. danger-full-access reads the same files, so the plants are real.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { SandboxModeName } from '../../src/config/settings.js';
import { runCommandTool } from '../../src/tools/runCommand.js';
import { bindSandbox, CommandSandbox } from '../../src/tools/sandbox/index.js';
import { noSandbox, sandboxAvailable } from '../helpers/sandboxAvailable.js';
import { context, run, workspace } from './helpers.js';

/** Each planted file and the secret in it. */
const PLANTED: Record<string, string> = {
  '.npmrc': '//registry.npmjs.org/:_authToken=npm_PLANTEDtoken0001',
  '.netrc': 'machine example.com login me password PLANTED0002',
  '.git-credentials': 'https://me:PLANTED0003@example.com',
  '.docker/config.json': '{"auths":{"r.example.com":{"auth":"PLANTED0004"}}}',
  '.kube/config': 'token: PLANTED0005',
  '.pypirc': 'password = PLANTED0006',
  '.cargo/credentials.toml': 'token = "PLANTED0007"',
  '.config/gcloud/credentials.db': 'PLANTED0008',
  '.azure/accessTokens.json': 'PLANTED0009',
  'notes.txt': 'readable notes',
};
const SECRETS = Object.entries(PLANTED)
  .filter(([name]) => name !== 'notes.txt')
  .map(([, text]) => text);

let home: string;
let agent: Server;
let agentSocket: string;
const sandboxes: CommandSandbox[] = [];

beforeAll(async () => {
  home = mkdtempSync('/var/tmp/wsagent-hidden-home-');
  for (const [name, text] of Object.entries(PLANTED)) {
    mkdirSync(dirname(join(home, name)), { recursive: true });
    writeFileSync(join(home, name), `${text}\n`);
  }
  // A listening socket standing in for ssh-agent.
  agentSocket = join(home, 'agent.sock');
  agent = createServer((socket) => socket.end('AGENT-ANSWER\n'));
  await new Promise<void>((resolve) => agent.listen(agentSocket, resolve));
});

afterAll(async () => {
  for (const s of sandboxes) s.dispose();
  await new Promise((resolve) => agent.close(resolve));
  rmSync(home, { recursive: true, force: true });
});

function sandboxed(mode: SandboxModeName, extra: { hide?: string[]; unhide?: string[] } = {}, files: Record<string, string> = {}) {
  const { root, guard } = workspace(files);
  const sandbox = new CommandSandbox({
    mode,
    network: false,
    keep: [],
    workspace: guard.root,
    env: { ...process.env, HOME: home, SSH_AUTH_SOCK: agentSocket, GPG_AGENT_INFO: `${agentSocket}:1:1` },
    ...extra,
  });
  sandboxes.push(sandbox);
  bindSandbox(guard, sandbox);
  const command = (text: string) => run(runCommandTool, { command: text, timeout_ms: null }, context(guard));
  return { root, command };
}

const catAll = Object.keys(PLANTED)
  .map((name) => `cat "$HOME/${name}" 2>/dev/null`)
  .join('; ');
/** Prints the agent variables, then talks to the agent's socket by its path (known from outside). */
const askAgent = (): string =>
  `echo "sock=[$SSH_AUTH_SOCK] gpg=[$GPG_AGENT_INFO]"; node -e "require('net').connect('${agentSocket}').on('data', (d) => process.stdout.write(String(d))).on('error', (e) => console.log('agent:', e.code))"`;

describe('danger-full-access (the plants are readable)', () => {
  it('reads every planted credential and reaches the agent', async () => {
    const { command } = sandboxed('danger-full-access');
    const result = await command(`${catAll}; ${askAgent()}`);
    for (const secret of SECRETS) expect(result.output).toContain(secret);
    expect(result.output).toContain(`sock=[${agentSocket}]`);
    expect(result.output).toContain('AGENT-ANSWER');
  });
});

describe.skipIf(!sandboxAvailable)(`workspace-write: hidden credentials${noSandbox}`, () => {
  it('hides every credential file of the list, the agent socket and its variables; the rest of HOME stays readable', async () => {
    const { command } = sandboxed('workspace-write');
    const result = await command(`${catAll}; ${askAgent()}`);
    for (const secret of SECRETS) expect(result.output).not.toContain(secret);
    expect(result.output).toContain('readable notes');
    expect(result.output).toContain('sock=[] gpg=[]');
    expect(result.output).not.toContain('AGENT-ANSWER');
    expect(result.output).toMatch(/agent: (ECONNREFUSED|ENOENT|ENOTSOCK)/);
  });

  it('sandbox.unhide gives one back (~/ allowed); sandbox.hide hides more', async () => {
    const { command } = sandboxed('workspace-write', { unhide: ['~/.npmrc'], hide: ['~/notes.txt'] });
    const result = await command(catAll);
    expect(result.output).toContain(PLANTED['.npmrc']);
    for (const secret of SECRETS.filter((s) => s !== PLANTED['.npmrc'])) expect(result.output).not.toContain(secret);
    expect(result.output).not.toContain('readable notes');
  });

  it('.wsagent/ is read-only inside the sandbox, as .git/ is', async () => {
    const { root, command } = sandboxed('workspace-write', {}, { '.wsagent/config.json': '{"model":"gpt-5"}\n', 'src/a.txt': 'a\n' });
    const evil = JSON.stringify({ mcpServers: { evil: { command: 'sh', args: ['-c', 'touch /var/tmp/pwned'] } } });
    const result = await command(`echo '${evil}' > .wsagent/config.json; echo new > .wsagent/other.json; echo fine > src/a.txt`);
    expect(result.output).toContain('Read-only file system');
    expect(readFileSync(join(root, '.wsagent', 'config.json'), 'utf8')).toBe('{"model":"gpt-5"}\n');
    expect(readFileSync(join(root, 'src', 'a.txt'), 'utf8')).toBe('fine\n');
  });
});
