// Issue 12.3: run_command and run_tests inside the bubblewrap sandbox, through the real command
// runner. What a hostile command could do before — write outside the workspace, read ~/.ssh, reach
// a server on this machine — is refused under workspace-write and allowed under danger-full-access.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { SandboxModeName } from '../../src/config/settings.js';
import { runCommandTool } from '../../src/tools/runCommand.js';
import { runTestsTool } from '../../src/tools/runTests.js';
import { ApprovalPolicy } from '../../src/tools/approvalPolicy.js';
import { bindSandbox, CommandSandbox, SandboxApprovals } from '../../src/tools/sandbox/index.js';
import type { ToolContext } from '../../src/tools/types.js';
import { WorkspaceGuard } from '../../src/tools/WorkspaceGuard.js';
import { copyCalcJs } from '../helpers/fixtureRepo.js';
import { noSandbox, sandboxAvailable } from '../helpers/sandboxAvailable.js';
import { context, run, workspace } from './helpers.js';

// Outside /tmp on purpose: the sandbox's /tmp is private, so only paths elsewhere show that the
// rest of the filesystem is read-only and that the home's credentials are hidden, not just absent.
let outside: string;
let home: string;
let server: Server;
let port: number;
const sandboxes: CommandSandbox[] = [];

beforeAll(async () => {
  outside = mkdtempSync('/var/tmp/wsagent-sandbox-outside-');
  home = mkdtempSync('/var/tmp/wsagent-sandbox-home-');
  mkdirSync(join(home, '.ssh'));
  writeFileSync(join(home, '.ssh', 'id_test'), 'PRIVATE-KEY-MATERIAL\n');
  writeFileSync(join(home, 'notes.txt'), 'readable notes\n');
  server = createServer((_req, res) => res.end('hello from the host'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const s of sandboxes) s.dispose();
  rmSync(outside, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
  await new Promise((resolve) => server.close(resolve));
});

function sandboxed(
  mode: SandboxModeName,
  files: Record<string, string> = {},
  extra: { network?: boolean; env?: NodeJS.ProcessEnv } = {},
): { root: string; guard: WorkspaceGuard; sandbox: CommandSandbox } {
  const { root, guard } = workspace(files);
  const sandbox = new CommandSandbox({
    mode,
    network: extra.network ?? false,
    keep: [],
    workspace: guard.root,
    env: extra.env ?? { ...process.env, HOME: home },
  });
  sandboxes.push(sandbox);
  bindSandbox(guard, sandbox);
  return { root, guard, sandbox };
}

const command = (guard: WorkspaceGuard, text: string, ctx: Partial<ToolContext> = {}) =>
  run(runCommandTool, { command: text, timeout_ms: null }, context(guard, ctx));
const fetchLoopback = (): string =>
  `node -e "fetch('http://127.0.0.1:${port}/').then((r) => r.text()).then((t) => console.log('GOT', t), (e) => { console.log('ERR', e.cause?.code ?? e.message); process.exit(7); })"`;

describe.skipIf(!sandboxAvailable)(`workspace-write sandbox${noSandbox}`, () => {
  it('writes in the workspace; refuses writing outside it and tells the model why', async () => {
    const { root, guard, sandbox } = sandboxed('workspace-write');
    expect(sandbox.state).toBe('workspace-write');
    const inside = await command(guard, 'echo made > inside.txt && cat inside.txt');
    expect(inside).toEqual({ ok: true, output: 'made\n[exit code 0]' });
    expect(readFileSync(join(root, 'inside.txt'), 'utf8')).toBe('made\n');

    const result = await command(guard, `echo pwned > ${outside}/escape.txt`);
    expect(result.ok).toBe(false);
    expect(existsSync(join(outside, 'escape.txt'))).toBe(false);
    expect(result.output).toContain('Read-only file system');
    expect(result.output).toMatch(/\n\[sandbox\] this command was blocked by the workspace-write sandbox: it may not use writing outside the workspace/);
  });

  it('keeps the workspace .git directory read-only: no hook or config for git to run outside the sandbox', async () => {
    const { root } = workspace({ 'a.txt': 'a\n' }, true);
    const guard = new WorkspaceGuard(root);
    const sandbox = new CommandSandbox({ mode: 'workspace-write', network: false, keep: [], workspace: guard.root, env: { ...process.env, HOME: home } });
    sandboxes.push(sandbox);
    bindSandbox(guard, sandbox);
    const planted = await command(guard, 'git config core.fsmonitor "touch /tmp/owned"; echo x > .git/hooks/pre-commit');
    expect(planted.ok).toBe(false);
    expect(planted.output).toContain('or in its .git directory');
    expect(readFileSync(join(root, '.git', 'config'), 'utf8')).not.toContain('fsmonitor');
    expect(existsSync(join(root, '.git', 'hooks', 'pre-commit'))).toBe(false);
    const status = await command(guard, 'echo b > b.txt && git status --porcelain');
    expect(status).toEqual({ ok: true, output: '?? b.txt\n[exit code 0]' });
  });

  it('gives commands a private /tmp (TMPDIR too) that the real /tmp never sees', async () => {
    const { guard } = sandboxed('workspace-write');
    const name = `wsagent-private-${process.pid}-${Date.now()}`;
    const result = await command(guard, `echo secret > /tmp/${name} && cat /tmp/${name} && echo "tmpdir=$TMPDIR"`);
    expect(result).toEqual({ ok: true, output: 'secret\ntmpdir=/tmp\n[exit code 0]' });
    expect(existsSync(join('/tmp', name))).toBe(false);
    // The same session's next command sees it again.
    expect((await command(guard, `cat /tmp/${name}`)).output).toBe('secret\n[exit code 0]');
  });

  it('the home is readable but ~/.ssh is hidden', async () => {
    const { guard } = sandboxed('workspace-write');
    const result = await command(guard, 'cat "$HOME/notes.txt"; ls -A "$HOME/.ssh"; cat "$HOME/.ssh/id_test"');
    expect(result.output).toContain('readable notes');
    expect(result.output).not.toContain('PRIVATE-KEY-MATERIAL');
    expect(result.output).toMatch(/id_test: No such file or directory/);
    expect(result.ok).toBe(false);
  });

  it('cannot reach a server on this machine; --network lets it', async () => {
    const { guard } = sandboxed('workspace-write');
    const refused = await command(guard, fetchLoopback());
    expect(refused.ok).toBe(false);
    expect(refused.output).not.toContain('hello from the host');
    expect(refused.output).toContain('[sandbox] this command was blocked by the workspace-write sandbox: it may not use the network');

    const withNetwork = sandboxed('workspace-write', {}, { network: true });
    const allowed = await command(withNetwork.guard, fetchLoopback());
    expect(allowed).toEqual({ ok: true, output: 'GOT hello from the host\n[exit code 0]' });
  });

  it('npm test in the demo repository runs as it does outside the sandbox', async () => {
    const repo = copyCalcJs();
    const guard = new WorkspaceGuard(repo);
    const sandbox = new CommandSandbox({ mode: 'workspace-write', network: false, keep: [], workspace: guard.root, env: { ...process.env, HOME: home } });
    sandboxes.push(sandbox);
    bindSandbox(guard, sandbox);
    // calc-js ships with failing tests (the demo fixes them; test/cli/sandbox.test.ts shows them
    // passing in the sandbox afterwards): here the sandboxed run must report exactly what the plain one does.
    const plain = spawnSync('npm', ['test'], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const result = await run(runTestsTool, {}, context(guard));
    const summary = (text: string) => text.match(/# tests (\d+)[\s\S]*?# pass (\d+)[\s\S]*?# fail (\d+)/)?.slice(1);
    expect(summary(result.output)).toBeDefined();
    expect(summary(result.output)).toEqual(summary(`${plain.stdout}${plain.stderr}`));
    expect(result.ok).toBe(plain.status === 0);
    expect(result.output).not.toContain('[sandbox]');
  });

  it('kills the sandboxed process tree on cancel and on timeout', async () => {
    const { guard } = sandboxed('workspace-write');
    const marker = `${(Date.now() % 1000) + 40}.${process.pid % 10}`; // a sleep duration no other test uses
    const controller = new AbortController();
    const pending = command(guard, `sleep ${marker} & echo "pid:$!"; sleep ${marker}`, { signal: controller.signal, onOutput: () => undefined });
    await new Promise((r) => setTimeout(r, 500));
    const before = spawnSync('pgrep', ['-f', `sleep ${marker}`], { encoding: 'utf8' })
      .stdout.trim()
      .split('\n')
      .filter(Boolean);
    expect(before.length).toBeGreaterThanOrEqual(2);
    controller.abort();
    const result = await pending;
    expect(result.output).toContain('[cancelled by the user');
    // Its own PID namespace: the shell saw a small number that means nothing out here; pgrep looks at the host.
    expect(Number(/pid:(\d+)/.exec(result.output)?.[1])).toBeLessThan(10);
    expect(spawnSync('pgrep', ['-f', `sleep ${marker}`], { encoding: 'utf8' }).stdout.trim()).toBe('');
    expect(spawnSync('pgrep', ['-f', `bwrap.*sleep ${marker}`], { encoding: 'utf8' }).stdout.trim()).toBe('');

    const timed = await run(runCommandTool, { command: `sleep ${marker} & sleep ${marker}`, timeout_ms: 300 }, context(guard));
    expect(timed.output).toContain('[timed out after 300 ms');
    expect(spawnSync('pgrep', ['-f', `sleep ${marker}`], { encoding: 'utf8' }).stdout.trim()).toBe('');
  });

  it('asks the user, when someone can answer, to run a blocked command once outside the sandbox', async () => {
    const { sandbox, guard } = sandboxed('workspace-write');
    const asked: Array<{ callId: string; tool: string; reason: string }> = [];
    let answer = false;
    sandbox.confirmOutside = async (request) => {
      asked.push(request);
      return answer;
    };
    const target = join(outside, `approved-${Date.now()}.txt`);
    const denied = await command(guard, `echo once > ${target}`, { callId: 'call_1' });
    expect(asked).toMatchObject([{ callId: 'call_1', tool: 'run_command', reason: expect.stringContaining('run it once outside the sandbox') }]);
    expect(denied.ok).toBe(false);
    expect(denied.output).toContain('The user declined to run it outside the sandbox');
    expect(existsSync(target)).toBe(false);

    answer = true;
    const approved = await command(guard, `echo once > ${target}`, { callId: 'call_2' });
    expect(approved.ok).toBe(true);
    expect(approved.output).toMatch(/The user approved running it once outside the sandbox; the output below is from that run\.\n\[exit code 0\]$/);
    expect(readFileSync(target, 'utf8')).toBe('once\n');
  });
});

describe.skipIf(!sandboxAvailable)(`read-only sandbox${noSandbox}`, () => {
  it('the workspace is read-only too', async () => {
    const { root, guard, sandbox } = sandboxed('read-only', { 'a.txt': 'keep\n' });
    expect(sandbox.state).toBe('read-only');
    const result = await command(guard, 'cat a.txt; echo changed > a.txt');
    expect(result.ok).toBe(false);
    expect(result.output).toContain('keep\n');
    expect(result.output).toContain(
      '[sandbox] this command was blocked by the read-only sandbox: it may not use writing files (the workspace is read-only too)',
    );
    expect(readFileSync(join(root, 'a.txt'), 'utf8')).toBe('keep\n');
  });
});

describe('danger-full-access', () => {
  it('allows writing outside, reading ~/.ssh and the loopback server', async () => {
    const { guard, sandbox } = sandboxed('danger-full-access');
    expect(sandbox.state).toBe('danger-full-access');
    const target = join(outside, `free-${Date.now()}.txt`);
    const result = await command(guard, `echo free > ${target} && cat "$HOME/.ssh/id_test" && ${fetchLoopback()}`);
    expect(result).toEqual({ ok: true, output: 'PRIVATE-KEY-MATERIAL\nGOT hello from the host\n[exit code 0]' });
    expect(readFileSync(target, 'utf8')).toBe('free\n');
  });
});

describe('no sandbox to be had', () => {
  it('says so, names the reason, and commands need approval (state none)', () => {
    const { guard } = workspace();
    const none = new CommandSandbox({
      mode: 'workspace-write',
      network: false,
      keep: [],
      workspace: guard.root,
      env: { ...process.env, WSAGENT_BWRAP: '/nonexistent/bwrap' },
    });
    expect(none.state).toBe('none');
    expect(none.commandsNeedApproval).toBe(true);
    expect(none.notice()).toMatch(/^no sandbox for commands: \/nonexistent\/bwrap could not be run \(ENOENT\)\. Every command will ask for approval first/);
    const mac = new CommandSandbox({ mode: 'workspace-write', network: false, keep: [], workspace: guard.root, platform: 'darwin' });
    expect(mac.state).toBe('none');
    expect(mac.unavailableReason).toContain('darwin');
    const free = new CommandSandbox({
      mode: 'danger-full-access',
      network: false,
      keep: [],
      workspace: guard.root,
      env: { ...process.env, WSAGENT_BWRAP: '/nonexistent/bwrap' },
    });
    expect(free.state).toBe('danger-full-access');
    expect(free.commandsNeedApproval).toBe(false);
    expect(free.notice()).toBeNull();

    // The gate: commands ask even in full-auto (an "always" answer still counts); edits follow the mode.
    const gate = new SandboxApprovals(new ApprovalPolicy('full-auto'), none);
    expect(gate.decide('run_command', 'command')).toBe('ask');
    expect(gate.decide('edit_file', 'edit')).toBe('allow');
    expect(gate.reason('run_command', 'command')).toContain(
      'no sandbox is available (/nonexistent/bwrap could not be run (ENOENT)), so run_command would run unconfined',
    );
    gate.remember('run_command');
    expect(gate.decide('run_command', 'command')).toBe('allow');
    expect(new SandboxApprovals(new ApprovalPolicy('full-auto'), free).decide('run_tests', 'command')).toBe('allow');
    expect(new SandboxApprovals(new ApprovalPolicy('suggest'), none).refusal('run_tests', 'command')).toContain('approval mode "suggest"');
  });
});
