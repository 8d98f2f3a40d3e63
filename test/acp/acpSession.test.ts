// `wsagent acp` driven as an editor drives it: the built CLI spawned, the Agent Client Protocol
// SDK's own client connection (`client().connect(ndJsonStream(…))`, what 2.x calls the former
// ClientSideConnection) on its stdio, the simulator as the model. The editor keeps the files in
// memory (unsaved buffers that differ from the disk), passes an MCP server, answers the permission
// requests, rides out a dropped socket, steers a running turn with a second prompt, cancels a turn,
// and loads the session in a new process to continue it. Then the edges: no key, --max-turns, a
// withdrawn question, a refusal, the approval mode as the session mode, SIGTERM.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import {
  type ClientConnection,
  client as acpClient,
  type McpServer,
  ndJsonStream,
  PROTOCOL_VERSION,
  type RequestPermissionRequest,
  RequestError,
  type SessionNotification,
} from '@agentclientprotocol/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Scenario, type Simulator } from '../../src/simulator/index.js';
import { BIN } from '../helpers/cli.js';
import { git } from '../helpers/fixtureRepo.js';
import { sandboxFlags } from '../helpers/sandboxAvailable.js';

const STEER = 'also mention the weather';
const MCP_SERVER = fileURLToPath(new URL('../fixtures/mcp/stdioServer.mjs', import.meta.url));

const scenario: Scenario = {
  name: 'acp-editor',
  description: 'read, edit and run through an editor; a steered turn; a cancelled turn; a continuation after session/load',
  steps: [
    {
      reasoning: 'Start by reading the greeting file.',
      calls: [
        { name: 'update_plan', arguments: { explanation: null, plan: [{ step: 'Fix the greeting', status: 'in_progress' }] } },
        { name: 'read_file', arguments: { path: 'greet.txt', start_line: null, end_line: null } },
        // A tool of the MCP server the editor passed in session/new.
        { name: 'mcp__Editor_tools__echo', arguments: { text: 'from the editor' } },
      ],
    },
    {
      // Only the editor's unsaved buffer says this: the read went through the client.
      expect: { contains: ['Hello from the editor buffer', 'editor-mcp echo: from the editor'] },
      calls: [
        { name: 'edit_file', arguments: { path: 'greet.txt', old_string: 'Hello from the editor buffer', new_string: 'Goodbye from the editor buffer' } },
      ],
    },
    { calls: [{ name: 'run_command', arguments: { command: 'echo ran-$((6*7))', timeout_ms: null } }] },
    { expect: { contains: ['ran-42'] }, message: 'Done: the greeting is fixed.' },
    // Turn 2: a command that waits for the test's go-ahead, during which the editor steers the turn.
    { calls: [{ name: 'run_command', arguments: { command: 'echo waiting for go; while [ ! -e go ]; do sleep 0.05; done; echo went', timeout_ms: null } }] },
    { expect: { contains: [STEER] }, message: 'Heard: {{latest_user_message}}' },
    // Turn 3: cancelled while its command runs.
    { calls: [{ name: 'run_command', arguments: { command: 'sleep 30', timeout_ms: null } }] },
    // Turn 4, in a new process after session/load.
    { message: 'Continuing after: {{latest_user_message}}' },
  ],
};

interface Editor {
  child: ChildProcessWithoutNullStreams;
  connection: ClientConnection;
  updates: SessionNotification[];
  permissions: RequestPermissionRequest[];
  /** Tool call ids of the permission requests wsagent withdrew (`$/cancel_request`). */
  withdrawn: string[];
  buffers: Map<string, string>;
  writes: Array<{ path: string; content: string }>;
  stderr: () => string;
  /** Resolves with the first update (already received or still to come) that matches. */
  waitFor(match: (n: SessionNotification) => boolean): Promise<SessionNotification>;
  /**
   * Resolves once `check` holds, checked again on each update. The SDK hands a response over at
   * once but runs notification handlers asynchronously, so a prompt's answer can overtake its last
   * updates on the client side (the wire order is right).
   */
  until(check: () => boolean): Promise<void>;
  close(): Promise<void>;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Starts `wsagent acp` and connects the SDK's client to it, as an editor would. */
/** `holdPermissions`: the user never answers; a question ends only when wsagent withdraws it. */
function startEditor(args: string[], env: NodeJS.ProcessEnv, buffers = new Map<string, string>(), holdPermissions = false): Editor {
  const child = spawn(process.execPath, [BIN, 'acp', ...args], { env: { ...process.env, NO_COLOR: '1', ...env } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const updates: SessionNotification[] = [];
  const waiters: Array<{ match: (n: SessionNotification) => boolean; resolve: (n: SessionNotification) => void }> = [];
  const checks: Array<{ check: () => boolean; resolve: () => void }> = [];
  const withdrawn: string[] = [];
  const recheck = (): void => {
    for (const pending of checks.filter((c) => c.check())) {
      checks.splice(checks.indexOf(pending), 1);
      pending.resolve();
    }
  };
  const permissions: RequestPermissionRequest[] = [];
  const writes: Array<{ path: string; content: string }> = [];
  const app = acpClient({ name: 'test-editor' })
    .onRequest('fs/read_text_file', ({ params }) => {
      const content = buffers.get(params.path);
      if (content === undefined) throw RequestError.resourceNotFound(params.path);
      return { content };
    })
    .onRequest('fs/write_text_file', ({ params }) => {
      buffers.set(params.path, params.content);
      writes.push({ path: params.path, content: params.content });
      return {};
    })
    .onRequest('session/request_permission', ({ params, signal }) => {
      permissions.push(params);
      recheck();
      if (!holdPermissions) return { outcome: { outcome: 'selected', optionId: params.options.find((o) => o.kind === 'allow_once')!.optionId } };
      return new Promise((resolve) =>
        signal.addEventListener('abort', () => {
          withdrawn.push(params.toolCall.toolCallId);
          recheck();
          resolve({ outcome: { outcome: 'cancelled' } });
        }),
      );
    })
    .onNotification('session/update', ({ params }) => {
      updates.push(params);
      for (const waiter of waiters.filter((w) => w.match(params))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(params);
      }
      recheck();
    });
  const connection = app.connect(
    ndJsonStream(Writable.toWeb(child.stdin) as WritableStream<Uint8Array>, Readable.toWeb(child.stdout) as ReadableStream<Uint8Array>),
  );
  // A wait that fails with what the editor saw, rather than the test's timeout with nothing.
  const withDeadline = <T>(wait: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        const last = updates.slice(-60).map((n) => JSON.stringify(n.update).slice(0, 120));
        reject(new Error(`the expected update did not come; last updates:\n${last.join('\n')}\nstderr:\n${stderr}`));
      }, 10_000);
      void wait.then((value) => {
        clearTimeout(timer);
        resolve(value);
      });
    });
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const editor: Editor = {
    child,
    connection,
    updates,
    permissions,
    withdrawn,
    buffers,
    writes,
    stderr: () => stderr,
    waitFor: (match) => {
      const seen = updates.find(match);
      return seen ? Promise.resolve(seen) : withDeadline(new Promise((resolve) => waiters.push({ match, resolve })));
    },
    until: (check) => (check() ? Promise.resolve() : withDeadline(new Promise((resolve) => checks.push({ check, resolve })))),
    close: async () => {
      // The editor closes the pipe; wsagent closes its sessions and exits on its own.
      child.stdin.end();
      await exited;
    },
  };
  cleanups.push(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
  });
  return editor;
}

const textOf = (updates: SessionNotification[], kind: string): string =>
  updates
    .map((n) => n.update)
    .filter((u) => u.sessionUpdate === kind)
    .map((u) => (u as { content: { type: string; text?: string } }).content.text ?? '')
    .join('');

function toolCall(updates: SessionNotification[], title: RegExp): Record<string, unknown> {
  const call = updates.map((n) => n.update as Record<string, unknown>).find((u) => u.sessionUpdate === 'tool_call' && title.test(String(u.title)));
  expect(call, `a tool_call titled ${title}`).toBeDefined();
  return call!;
}

function updatesOf(updates: SessionNotification[], toolCallId: unknown): Array<Record<string, unknown>> {
  return updates.map((n) => n.update as Record<string, unknown>).filter((u) => u.sessionUpdate === 'tool_call_update' && u.toolCallId === toolCallId);
}

describe('wsagent acp, driven by the ACP SDK client', () => {
  let sim: Simulator;

  async function setup() {
    // The socket drops in the middle of the first turn (its third request): recovery works as in the TUI.
    sim = await createSimulator({ scenario, faults: ['drop@3'] });
    cleanups.push(() => sim.close());
    const repo = tempDir('wsagent-acp-repo-');
    writeFileSync(join(repo, 'greet.txt'), 'Hello from disk\n');
    git(repo, ['init', '-q', '-b', 'main']);
    git(repo, ['add', '-A']);
    git(repo, ['commit', '-q', '-m', 'initial']);
    const configDir = tempDir('wsagent-acp-config-');
    const env = { OPENAI_API_KEY: 'sk-acp-test', WSAGENT_CONFIG_DIR: configDir, OPENAI_BASE_URL: '', WSAGENT_MODEL: '' };
    return { repo, env, args: ['--base-url', sim.baseUrl, ...sandboxFlags] };
  }

  it('reads and edits the editor buffers, asks before the edit and the command, survives a dropped socket, steers, cancels, and continues after session/load', async () => {
    const { repo, env, args } = await setup();
    const greet = join(repo, 'greet.txt');
    const editor = startEditor(args, env, new Map([[greet, 'Hello from the editor buffer\n']]));
    const agent = editor.connection.agent;

    const init = await agent.request('initialize', {
      protocolVersion: PROTOCOL_VERSION,
      clientCapabilities: { fs: { readTextFile: true, writeTextFile: true } },
    });
    expect(init.protocolVersion).toBe(PROTOCOL_VERSION);
    expect(init.agentCapabilities).toMatchObject({ loadSession: true, promptCapabilities: { image: true, embeddedContext: true } });
    expect(init.authMethods?.map((m) => m.id)).toEqual(['openai-api-key']);
    await agent.request('authenticate', { methodId: 'openai-api-key' });

    const mcpServer: McpServer = { name: 'Editor tools', command: process.execPath, args: [MCP_SERVER], env: [{ name: 'DEMO_LABEL', value: 'editor-mcp' }] };
    const { sessionId } = await agent.request('session/new', { cwd: repo, mcpServers: [mcpServer] });

    // Turn 1: plan, read (the buffer), edit (through the editor), run a command; both changes asked first.
    const first = await agent.request('session/prompt', { sessionId, prompt: [{ type: 'text', text: 'fix the greeting' }] });
    expect(first.stopReason).toBe('end_turn');
    // The status figures of the TUI's status bar come with the answer: one reconnect, survived.
    expect(first._meta?.wsagent).toMatchObject({ transport: 'ws', approval: 'suggest', reconnects: 1, model: 'gpt-5.2' });
    expect(sim.log.entries.filter((e) => e.status === 'dropped')).toHaveLength(1);
    await editor.until(() => textOf(editor.updates, 'agent_message_chunk') === 'Done: the greeting is fixed.');
    const turn1 = [...editor.updates];
    expect(textOf(turn1, 'agent_thought_chunk')).toContain('Start by reading the greeting file.');
    // The context meter: the conversation's share of the model's window.
    const usage = turn1.map((n) => n.update).filter((u) => u.sessionUpdate === 'usage_update');
    expect(usage.length).toBeGreaterThan(0);
    expect(usage.at(-1)).toMatchObject({ used: expect.any(Number), size: expect.any(Number) });
    expect((usage.at(-1) as { used: number }).used).toBeGreaterThan(0);
    expect(turn1.map((n) => n.update).find((u) => u.sessionUpdate === 'plan')).toMatchObject({
      entries: [{ content: 'Fix the greeting', status: 'in_progress' }],
    });

    const read = toolCall(turn1, /^read_file greet\.txt/);
    expect(read).toMatchObject({ kind: 'read', status: 'pending', locations: [{ path: greet }] });
    expect(updatesOf(turn1, read.toolCallId).at(-1)).toMatchObject({ status: 'completed' });

    const edit = toolCall(turn1, /^(apply_patch|edit_file) greet\.txt/);
    expect(edit).toMatchObject({ kind: 'edit', locations: [{ path: greet }] });
    const editDone = updatesOf(turn1, edit.toolCallId).at(-1)!;
    expect(editDone.status).toBe('completed');
    expect(editDone.content).toEqual([
      expect.objectContaining({
        type: 'diff',
        path: greet,
        oldText: expect.stringContaining('Hello from the editor buffer'),
        newText: expect.stringContaining('Goodbye from the editor buffer'),
      }),
    ]);
    // The write went to the editor, not to the disk.
    expect(editor.writes).toEqual([{ path: greet, content: 'Goodbye from the editor buffer\n' }]);
    expect(readFileSync(greet, 'utf8')).toBe('Hello from disk\n');

    expect(toolCall(turn1, /Editor_tools/)).toMatchObject({ kind: 'other' });

    const run = toolCall(turn1, /echo ran-/);
    expect(run).toMatchObject({ kind: 'execute' });
    expect(JSON.stringify(updatesOf(turn1, run.toolCallId).at(-1)!.content)).toContain('ran-42');

    // suggest mode asks before the edit and before the command, with the diff and three choices.
    expect(editor.permissions.map((p) => p.toolCall.kind)).toEqual(['edit', 'execute']);
    expect(editor.permissions[0]!.options.map((o) => o.kind)).toEqual(['allow_once', 'allow_always', 'reject_once']);
    expect(editor.permissions[0]!.toolCall.content).toEqual([expect.objectContaining({ type: 'diff', path: greet })]);
    expect(editor.permissions[0]!.toolCall.toolCallId).toBe(edit.toolCallId);

    // Turn 2: a second prompt while the command runs steers the turn instead of queueing a new one.
    const second = agent.request('session/prompt', { sessionId, prompt: [{ type: 'text', text: 'say hello' }] });
    const waitingCall = await editor.waitFor((n) => n.update.sessionUpdate === 'tool_call' && /while/.test(n.update.title));
    const waiting = (waitingCall.update as { toolCallId: string }).toolCallId;
    await editor.waitFor((n) => n.update.sessionUpdate === 'tool_call_update' && n.update.toolCallId === waiting && n.update.status === 'in_progress');
    const steer = agent.request('session/prompt', { sessionId, prompt: [{ type: 'text', text: STEER }] });
    await editor.waitFor((n) => n.update.sessionUpdate === 'user_message_chunk' && n.update.content.type === 'text' && n.update.content.text === STEER);
    // The command's output reaches the editor while it runs.
    await editor.waitFor(
      (n) =>
        n.update.sessionUpdate === 'tool_call_update' && n.update.toolCallId === waiting && JSON.stringify(n.update.content ?? []).includes('waiting for go'),
    );
    writeFileSync(join(repo, 'go'), '');
    expect((await second).stopReason).toBe('end_turn');
    expect((await steer).stopReason).toBe('end_turn');
    await editor.until(() => textOf(editor.updates, 'agent_message_chunk').includes(`Heard: ${STEER}`));
    // One turn: the steer rode on the request after the command's output.
    const steered = sim.log.entries.filter((e) => e.kind === 'response' && e.step === 5);
    expect(steered).toHaveLength(1);
    expect(steered[0]!.userTexts).toContain(STEER);

    // Turn 3: cancelled while its command runs; the prompt answers `cancelled`.
    const third = agent.request('session/prompt', { sessionId, prompt: [{ type: 'text', text: 'wait for ever' }] });
    const sleeping = await editor.waitFor((n) => n.update.sessionUpdate === 'tool_call' && /sleep 30/.test(n.update.title));
    const sleepingId = (sleeping.update as { toolCallId: string }).toolCallId;
    await editor.waitFor((n) => n.update.sessionUpdate === 'tool_call_update' && n.update.toolCallId === sleepingId && n.update.status === 'in_progress');
    await agent.notify('session/cancel', { sessionId });
    expect((await third).stopReason).toBe('cancelled');
    await editor.until(() => updatesOf(editor.updates, sleepingId).at(-1)?.status === 'failed');
    await editor.close();
    expect(editor.child.exitCode).toBe(0);
    expect(editor.stderr()).not.toContain('sk-acp-test');

    // A new process loads the session: the history comes back as updates, then a prompt continues it.
    const later = startEditor(args, env);
    await later.connection.agent.request('initialize', { protocolVersion: PROTOCOL_VERSION, clientCapabilities: {} });
    await later.connection.agent.request('session/load', { sessionId, cwd: repo, mcpServers: [mcpServer] });
    expect(textOf(later.updates, 'user_message_chunk')).toContain('fix the greeting');
    expect(textOf(later.updates, 'agent_message_chunk')).toContain('Done: the greeting is fixed.');
    expect(toolCall(later.updates, /^read_file greet\.txt/)).toMatchObject({ kind: 'read' });
    const before = later.updates.length;
    const fourth = await later.connection.agent.request('session/prompt', { sessionId, prompt: [{ type: 'text', text: 'and now?' }] });
    expect(fourth.stopReason).toBe('end_turn');
    await later.until(() => textOf(later.updates.slice(before), 'agent_message_chunk') === 'Continuing after: and now?');
    // The continuation carried the whole conversation to the new connection (its chain starts
    // there, with a warm-up or the request itself, and the step-7 answer continues it).
    const continued = sim.log.entries.filter((e) => e.kind === 'response' && e.step === 7);
    expect(continued).toHaveLength(1);
    const chainStart = sim.log.entries.find((e) => e.kind === 'response' && e.connectionId === continued[0]!.connectionId && e.inputMode === 'full');
    expect(chainStart?.userTexts).toEqual(['fix the greeting', 'say hello', STEER, 'wait for ever', 'and now?']);
    await later.close();
  }, 30_000);
  it('without a key: initialize offers the API-key method, authenticate and session/new answer "authentication required" with the fix', async () => {
    const configDir = tempDir('wsagent-acp-nokey-');
    const repo = tempDir('wsagent-acp-nokey-repo-');
    const editor = startEditor([], { OPENAI_API_KEY: '', WSAGENT_CONFIG_DIR: configDir, OPENAI_BASE_URL: '' });
    const agent = editor.connection.agent;
    const init = await agent.request('initialize', { protocolVersion: PROTOCOL_VERSION, clientCapabilities: {} });
    expect(init.authMethods).toEqual([expect.objectContaining({ id: 'openai-api-key', description: expect.stringContaining('OPENAI_API_KEY') })]);
    const auth = await agent.request('authenticate', { methodId: 'openai-api-key' }).catch((err: unknown) => err);
    expect(auth).toMatchObject({ code: -32000, message: expect.stringContaining('wsagent config set apiKey') });
    const created = await agent.request('session/new', { cwd: repo, mcpServers: [] }).catch((err: unknown) => err);
    expect(created).toMatchObject({ code: -32000 });
    await editor.close();
    expect(editor.child.exitCode).toBe(0);
  });
  it('a turn that reaches --max-turns answers max_turn_requests; a cancel withdraws a pending question; a refusal; set_mode; SIGTERM exits 143', async () => {
    const short = await createSimulator({
      scenario: {
        name: 'two-steps',
        description: 'a read, a command, a refusal, a command in full-auto',
        steps: [
          { calls: [{ name: 'list_files', arguments: { path: null, depth: 1 } }] },
          { calls: [{ name: 'run_command', arguments: { command: 'echo hi', timeout_ms: null } }] },
          { refusal: 'I will not do that.' },
          { calls: [{ name: 'run_command', arguments: { command: 'echo auto-ran', timeout_ms: null } }] },
        ],
      },
    });
    cleanups.push(() => short.close());
    const repo = tempDir('wsagent-acp-maxturns-');
    const env = { OPENAI_API_KEY: 'sk-acp-test', WSAGENT_CONFIG_DIR: tempDir('wsagent-acp-maxturns-config-'), OPENAI_BASE_URL: '', WSAGENT_MODEL: '' };
    const editor = startEditor(['--base-url', short.baseUrl, '--max-turns', '1', ...sandboxFlags], env, new Map(), true);
    const agent = editor.connection.agent;
    await agent.request('initialize', { protocolVersion: PROTOCOL_VERSION, clientCapabilities: {} });
    const created = await agent.request('session/new', { cwd: repo, mcpServers: [] });
    const { sessionId } = created;
    // The approval modes are the session's modes, for the editor's mode picker.
    expect(created.modes).toMatchObject({ currentModeId: 'suggest', availableModes: [{ id: 'suggest' }, { id: 'auto-edit' }, { id: 'full-auto' }] });
    const answer = await agent.request('session/prompt', { sessionId, prompt: [{ type: 'text', text: 'list the files' }] });
    expect(answer.stopReason).toBe('max_turn_requests');
    // A cancel while wsagent waits for the user's answer withdraws the question; nothing runs.
    const asking = agent.request('session/prompt', { sessionId, prompt: [{ type: 'text', text: 'say hi' }] });
    await editor.until(() => editor.permissions.length === 1);
    await agent.notify('session/cancel', { sessionId });
    expect((await asking).stopReason).toBe('cancelled');
    const asked = editor.permissions[0]!.toolCall.toolCallId;
    expect(editor.withdrawn).toEqual([asked]);
    await editor.until(() => updatesOf(editor.updates, asked).at(-1)?.status === 'failed');
    expect(JSON.stringify(updatesOf(editor.updates, asked))).not.toContain('hi\\n');
    // The model declines: the refusal is the answer, and the stop reason says so.
    const before = editor.updates.length;
    const declined = await agent.request('session/prompt', { sessionId, prompt: [{ type: 'text', text: 'do something bad' }] });
    expect(declined.stopReason).toBe('refusal');
    await editor.until(() => textOf(editor.updates.slice(before), 'agent_message_chunk') === 'I will not do that.');
    // Switching to full-auto in the editor: the next command runs without a question.
    const wrong = await agent.request('session/set_mode', { sessionId, modeId: 'yolo' }).catch((err: unknown) => err);
    expect(wrong).toMatchObject({ code: -32602, message: expect.stringContaining('Unknown approval mode') });
    await agent.request('session/set_mode', { sessionId, modeId: 'full-auto' });
    // (--max-turns 1: the turn stops after the request that asked for the command, which ran.)
    expect((await agent.request('session/prompt', { sessionId, prompt: [{ type: 'text', text: 'run it' }] })).stopReason).toBe('max_turn_requests');
    const ran = toolCall(editor.updates, /echo auto-ran/);
    await editor.until(() => updatesOf(editor.updates, ran.toolCallId).at(-1)?.status === 'completed');
    expect(JSON.stringify(updatesOf(editor.updates, ran.toolCallId).at(-1))).toContain('auto-ran');
    expect(editor.permissions).toHaveLength(1);
    // The editor stopping wsagent with SIGTERM: the sessions close, and the exit code says why.
    const exited = new Promise<number | null>((resolve) => editor.child.on('close', (code) => resolve(code)));
    editor.child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(editor.stderr()).toContain('SIGTERM: closing the sessions');
  });
});
