// Assembles a working agent from settings: workspace, tools, approvals, undo snapshots, the model
// session (with its session file) and the loop. Front ends (headless, TUI) only talk to the result.
import { Agent } from '../agent/Agent.js';
import type { AgentEvent } from '../agent/events.js';
import { buildInstructions, findRepositoryRoot } from '../agent/instructions.js';
import type { Approver, ChangeTracker, ToolCatalog } from '../agent/ports.js';
import { missingKeyMessage, type Settings } from '../config/settings.js';
import type { Tool } from '../protocol/index.js';
import { findSession, ModelSession, readSession, SessionFile, SessionFileError } from '../session/index.js';
import { ApprovalPolicy } from '../tools/approvalPolicy.js';
import { join } from 'node:path';
import { createToolRegistry, type ToolRegistry, WorkspaceError, WorkspaceGuard } from '../tools/index.js';
import { loadServers, McpConfigError, McpManager, type NamedServerConfig } from '../tools/mcp/index.js';
import { createWorkspaceSnapshots, type WorkspaceSnapshots } from '../tools/snapshots/index.js';
import { EXIT, UserFacingError } from './exitCodes.js';

export interface AgentAppOptions {
  settings: Settings;
  cwd: string;
  configDir: string;
  /** `last`, an id or a unique prefix of one. */
  resume?: string;
  approver?: Approver | null;
  onEvent: (event: AgentEvent) => void;
}

export interface AgentApp {
  agent: Agent;
  session: ModelSession;
  approvals: ApprovalPolicy;
  snapshots: WorkspaceSnapshots;
  /** The tools of the current turn: the built-in ones, then the MCP servers' (changes between turns). */
  readonly registry: ToolRegistry;
  mcp: McpManager;
  workspace: WorkspaceGuard;
  sessionId: string;
  sessionFile: SessionFile;
  /** Connects (and warms up) ahead of the first turn, with the MCP tools that turn will offer. */
  connect(): Promise<void>;
  close(): Promise<void>;
}

/** A failed snapshot must not stop the edit; it only means that turn cannot be undone. */
function changeTracker(snapshots: WorkspaceSnapshots, emit: (e: AgentEvent) => void): ChangeTracker {
  let warned = false;
  return {
    beforeChange: async (turn, paths) => {
      try {
        await snapshots.beforeChange(turn, paths);
      } catch (err) {
        if (!warned) emit({ type: 'error', code: 'undo_unavailable', message: `undo will not be able to restore this turn: ${(err as Error).message}`, fatal: false });
        warned = true;
      }
    },
  };
}

export async function createAgentApp(opts: AgentAppOptions): Promise<AgentApp> {
  const { settings } = opts;
  if (!settings.apiKey) throw new UserFacingError(missingKeyMessage(), EXIT.config);
  let workspace: WorkspaceGuard;
  try {
    workspace = new WorkspaceGuard(opts.cwd);
  } catch (err) {
    if (err instanceof WorkspaceError) throw new UserFacingError(err.message, EXIT.usage);
    throw err;
  }
  const builtin = createToolRegistry();
  let registry = builtin;
  let servers: NamedServerConfig[];
  try {
    servers = loadServers(opts.configDir, findRepositoryRoot(workspace.root));
  } catch (err) {
    if (err instanceof McpConfigError) throw new UserFacingError(err.message, EXIT.config);
    throw err;
  }
  const untrusted = servers.filter((s) => !s.trusted);
  const mcp = new McpManager({
    servers: servers.filter((s) => s.trusted),
    logDir: join(opts.configDir, 'mcp-logs'),
    cwd: workspace.root,
    reservedNames: builtin.list().map((t) => t.name),
    onFailure: (_server, message) => opts.onEvent({ type: 'error', code: 'mcp_server_failed', message, fatal: false }),
  });
  const catalog: ToolCatalog = {
    definitions: () => registry.definitions() as unknown as ReturnType<ToolCatalog['definitions']>,
    parseArguments: (name, json) => registry.parseArguments(name, json) as ReturnType<ToolCatalog['parseArguments']>,
  };
  const approvals = new ApprovalPolicy(settings.approval);
  const instructions = buildInstructions({ root: findRepositoryRoot(workspace.root), cwd: workspace.root, configDir: opts.configDir });

  let sessionFile: SessionFile;
  let ledger;
  try {
    if (opts.resume) {
      const found = findSession(opts.configDir, opts.resume);
      ledger = readSession(found.path).ledger;
      sessionFile = SessionFile.open(opts.configDir, found.id);
    } else {
      sessionFile = SessionFile.create(opts.configDir, { model: settings.model, cwd: workspace.root });
    }
  } catch (err) {
    if (err instanceof SessionFileError) throw new UserFacingError(err.message, EXIT.usage);
    throw new UserFacingError(`cannot write the session file: ${(err as Error).message}`, EXIT.config);
  }

  const session = new ModelSession({
    endpoint: {
      baseUrl: settings.baseUrl,
      apiKey: settings.apiKey,
      ...(settings.organization && { organization: settings.organization }),
      ...(settings.project && { project: settings.project }),
    },
    model: settings.model,
    instructions,
    tools: registry.definitions() as unknown as Tool[],
    transport: settings.transport,
    store: settings.store,
    rotateAfterMs: settings.rotateMinutes * 60_000,
    deadAfterMs: settings.deadSeconds * 1000,
    firstEventTimeoutMs: settings.firstEventTimeoutSeconds * 1000,
    streamIdleTimeoutMs: settings.streamIdleTimeoutSeconds * 1000,
    compactThresholdTokens: settings.compactThreshold > 0 ? settings.compactThreshold : null,
    ...(ledger && { ledger }),
    sessionFile,
  });
  // MCP tool lists change only here, between turns: a new list is a new fingerprint, one new chain.
  const applyMcpTools = async (): Promise<void> => {
    const tools = await mcp.beforeTurn();
    if (!tools) return;
    registry = createToolRegistry({ tools: [...builtin.list(), ...tools] });
    session.setTools(registry.definitions() as unknown as Tool[]);
  };
  const snapshots = await createWorkspaceSnapshots(workspace.root, { sessionId: sessionFile.header.id });
  const agent = new Agent({
    session,
    catalog,
    beforeTurn: applyMcpTools,
    approvals,
    workspace,
    changes: changeTracker(snapshots, opts.onEvent),
    approver: opts.approver ?? null,
    maxTurns: settings.maxTurns,
    onEvent: opts.onEvent,
  });
  // Connect in the background while the front end draws; the first turn waits (bounded) for them.
  mcp.start();
  opts.onEvent({
    type: 'session.started',
    sessionId: sessionFile.header.id,
    model: settings.model,
    transport: session.transportKind,
    cwd: workspace.root,
    approval: approvals.mode,
  });
  if (untrusted.length > 0) {
    const names = untrusted.map((s) => s.name).join(', ');
    opts.onEvent({ type: 'error', code: 'mcp_project_untrusted', message: `${untrusted[0]!.source} names MCP servers (${names}) that were not started: this project is not trusted. Run \`wsagent mcp trust\` in it to allow them.`, fatal: false });
  }
  return {
    agent,
    session,
    approvals,
    snapshots,
    get registry() {
      return registry;
    },
    mcp,
    workspace,
    sessionId: sessionFile.header.id,
    sessionFile,
    connect: async () => {
      await applyMcpTools().catch(() => undefined);
      await session.connect();
    },
    close: async () => {
      await Promise.all([session.close(), mcp.close()]);
      await snapshots.dispose().catch(() => undefined);
    },
  };
}
