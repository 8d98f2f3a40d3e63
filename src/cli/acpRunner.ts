// The ACP front end's wiring: each ACP session is a wsagent session built exactly as the TUI's is
// (the settings of its cwd, tools, sandbox, session file), with the editor answering the approval
// questions. Loaded only when `wsagent acp` runs (the SDK stays out of other commands' start-up).
import { existsSync, statSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { ndJsonStream } from '@agentclientprotocol/sdk';
import { serveAcp } from '../acp/acpServer.js';
import type { WorkspaceAgent, WorkspaceAgentRequest } from '../acp/ports.js';
import { missingKeyMessage } from '../config/settings.js';
import { redactSecrets } from '../config/secretRedactor.js';
import { createAgentApp } from './agentApp.js';
import type { GlobalOptions } from './globalOptions.js';
import { resolveRun } from './resolveRun.js';
import { onTermination } from './signals.js';
import { VERSION } from './version.js';

function log(line: string): void {
  process.stderr.write(`wsagent acp: ${redactSecrets(line)}\n`);
}

async function openWorkspaceAgent(opts: GlobalOptions, request: WorkspaceAgentRequest): Promise<WorkspaceAgent> {
  if (!existsSync(request.cwd) || !statSync(request.cwd).isDirectory()) throw new Error(`the session's cwd ${request.cwd} is not a directory`);
  // The settings of the session's own directory: its repository's .wsagent/config.json counts.
  const run = resolveRun({ ...opts, cwd: request.cwd, cd: undefined });
  const app = await createAgentApp({
    settings: run.settings,
    cwd: run.cwd,
    configDir: run.configDir,
    ...(run.dataDir && { dataDir: run.dataDir }),
    ...(request.resume !== undefined ? { resume: request.resume } : run.ephemeral && { ephemeral: true }),
    approver: request.approver,
    askTrust: false,
    extraMcpServers: request.mcpServers,
    onEvent: request.onEvent,
  });
  // Connect and warm up while the editor shows the new thread; the first prompt waits for it.
  void app.connect().catch(() => undefined);
  return {
    sessionId: app.sessionId,
    agent: app.agent,
    workspace: app.workspace,
    history: () => app.session.ledger.items.map((entry) => entry.item),
    display: (name, json) => {
      const parsed = app.registry.parseArguments(name, json);
      return parsed.ok ? parsed.tool.display(parsed.args) : name;
    },
    status: () => ({ model: app.session.currentModel, transport: app.session.transportKind, approval: app.approvals.mode }),
    setApproval: (mode) => {
      app.approvals.mode = mode as typeof app.approvals.mode; // the policy validates it
    },
    close: () => app.close(),
  };
}

export async function runAcp(opts: GlobalOptions): Promise<number> {
  const keyCheck = (): { present: boolean; message: string } => {
    try {
      return { present: Boolean(resolveRun(opts).settings.apiKey), message: missingKeyMessage() };
    } catch (err) {
      return { present: false, message: (err as Error).message };
    }
  };
  // Standard output is the protocol's: a stray console.log anywhere (a library's) would corrupt it.
  console.log = console.info = console.debug = console.error;
  const stream = ndJsonStream(Writable.toWeb(process.stdout) as WritableStream<Uint8Array>, Readable.toWeb(process.stdin) as ReadableStream<Uint8Array>);
  const server = serveAcp(stream, { open: (request) => openWorkspaceAgent(opts, request), keyCheck, version: VERSION, log });
  // The editor stopping wsagent: turns are cancelled (their commands' process trees killed) and
  // sessions closed as when it closes the pipe, then the signal's exit code.
  let exitCode = 0;
  const uninstall = onTermination((signal, code) => {
    log(`${signal}: closing the sessions`);
    exitCode = code;
    server.connection.close();
  });
  await server.finished;
  uninstall();
  return exitCode;
}
