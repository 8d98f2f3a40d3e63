// Assembles a working agent from settings: workspace, tools, approvals, undo snapshots, the model
// session (with its session file) and the loop. Front ends (headless, TUI) only talk to the result.
import { Agent } from '../agent/Agent.js';
import { SubAgents } from '../agent/SubAgents.js';
import { recoverSubAgentOutput } from '../agent/subAgentRecovery.js';
import { CompactionCarryOver } from '../agent/compactionCarryOver.js';
import type { LoadedHooks } from '../config/hooksConfig.js';
import type { AgentEvent } from '../agent/events.js';
import { buildInstructions, findRepositoryRoot } from '../agent/instructions.js';
import { instructionsForMode, offeredInMode, type WorkMode } from '../agent/workModes.js';
import type { ApprovalGate, Approver, ChangeTracker, ToolCatalog } from '../agent/ports.js';
import { redactSecretsDeep, registerSecret } from '../config/secretRedactor.js';
import { untrustedMessage } from '../config/projectTrust.js';
import { missingKeyMessage, type Settings } from '../config/settings.js';
import { forkSavedSession, ModelSession, newSessionId, resumeSession, SessionFile, SessionFileError, SessionInUseError } from '../session/index.js';
import { ApprovalPolicy } from '../tools/approvalPolicy.js';
import { join } from 'node:path';
import {
  type AnyTool,
  type ApplyPatchForm,
  createSpawnAgentsTool,
  createToolRegistry,
  defaultTools,
  resolveApplyPatch,
  type ToolRegistry,
  WorkspaceError,
  WorkspaceGuard,
} from '../tools/index.js';
import { registerEnvironmentSecrets } from '../tools/commandEnvironment.js';
import { loadServers, McpConfigError, McpManager, type NamedServerConfig } from '../tools/mcp/index.js';
import { type CommandSandbox, SandboxApprovals } from '../tools/sandbox/index.js';
import { createWorkspaceSnapshots, dataDirNamespace, type WorkspaceSnapshots } from '../tools/snapshots/index.js';
import { registerWorkspace, sharedWorkspaceMessage } from '../tools/workspaceRegistry.js';
import { CommandRuleGate } from '../tools/rules/commandRuleGate.js';
import { webSearchTools } from '../tools/webSearchTool.js';
import { ignoredRulesMessage, loadSessionRules } from './commandRulesSetup.js';
import { askTrustQuestion } from './trustQuestion.js';
import { readOnlyWorkspaceGate } from './readOnlyWorkspaceGate.js';
import { createCommandSandbox, refuseUnattendedWithoutSandbox } from './commandSandboxSetup.js';
import { EXIT, UserFacingError } from './exitCodes.js';
import { loadUserExtensions, skillListings, type UserExtensions } from './userExtensions.js';
import { createHooks, readHooks, reportHookNotices } from './hookSetup.js';
import { sessionOptionsFrom } from './sessionSettings.js';
import { type ForkOutcome, forkSession } from './forkSession.js';

export interface AgentAppOptions {
  settings: Settings;
  cwd: string;
  configDir: string;
  /** Sessions and the workspace registry (default: configDir). */
  dataDir?: string;
  /** No session file: nothing of the conversation is written (and it cannot be resumed). */
  ephemeral?: boolean;
  /** `text.format` on every request (--output-schema). */
  textFormat?: Record<string, unknown>;
  /** Codex's read-only sandbox: the edit tools are refused as well as writes by commands. */
  readOnlyWorkspace?: boolean;
  /** `last`, an id or a unique prefix of one. */
  resume?: string;
  /** With resume: continue in a copy of that session (a new id), leaving it as it was (`exec --fork`). */
  fork?: boolean;
  approver?: Approver | null;
  onEvent: (event: AgentEvent) => void;
  /** Skills and prompt files, when the front end loaded them already (else loaded here). */
  extensions?: UserExtensions;
  /** MCP servers the front end brings (an ACP editor's): beside the configured ones, replacing one of the same name. */
  extraMcpServers?: NamedServerConfig[];
  /** False: no trust question at start even with an approver (ACP: no session to ask in yet); `wsagent trust` decides. */
  askTrust?: boolean;
}

export interface AgentApp {
  agent: Agent;
  session: ModelSession;
  approvals: ApprovalPolicy;
  snapshots: WorkspaceSnapshots;
  /** The tools of the current turn: the built-in ones, then the MCP servers' (changes between turns). */
  readonly registry: ToolRegistry;
  mcp: McpManager;
  /** The hooks that run and the notices of what was set aside, for `/hooks`. */
  hooks: LoadedHooks;
  workspace: WorkspaceGuard;
  sessionId: string;
  /** null with --ephemeral. */
  sessionFile: SessionFile | null;
  sandbox: CommandSandbox;
  /** The skills listed in the instructions and the prompt files usable as `/NAME`. */
  extensions: UserExtensions;
  /** A new model from the next request on, with its editing family (apply_patch for GPT-5, edit_file/write_file otherwise). */
  setModel(model: string): void;
  /** The work mode of the next turn: plan and init offer only read-only tools (one new chain when it changes). */
  readonly workMode: WorkMode;
  setWorkMode(mode: WorkMode): void;
  /** Connects (and warms up) ahead of the first turn, with the MCP tools that turn will offer. */
  connect(): Promise<void>;
  /** /fork: goes on in a copy of this session (see forkSession.ts); the original stays as it is. */
  fork(): Promise<ForkOutcome>;
  close(): Promise<void>;
}

/** A failed snapshot must not stop the edit; it only means that turn cannot be undone. */
function changeTracker(current: () => WorkspaceSnapshots, emit: (e: AgentEvent) => void): ChangeTracker {
  let warned = false;
  const noticed = new Set<string>();
  return {
    beforeChange: async (turn, paths) => {
      try {
        // Said before the change: what undo will not be able to bring back (each thing once).
        for (const notice of await current().beforeChange(turn, paths)) {
          if (noticed.has(notice)) continue;
          noticed.add(notice);
          emit({ type: 'error', code: 'undo_limited', message: notice, fatal: false });
        }
      } catch (err) {
        if (!warned)
          emit({ type: 'error', code: 'undo_unavailable', message: `undo will not be able to restore this turn: ${(err as Error).message}`, fatal: false });
        warned = true;
      }
    },
    afterChange: (turn, paths) => current().afterChange(turn, paths),
  };
}

export async function createAgentApp(opts: AgentAppOptions): Promise<AgentApp> {
  const { settings } = opts;
  const dataDir = opts.dataDir ?? opts.configDir;
  if (!settings.apiKey) throw new UserFacingError(missingKeyMessage(), EXIT.config);
  registerSecret(settings.apiKey);
  registerEnvironmentSecrets();
  // Every event the front ends print or log passes here: no secret reaches the terminal or --json.
  // What a compaction puts back after the window: it watches the edits that succeed.
  const carryOver = new CompactionCarryOver();
  const emit = (event: AgentEvent): void => {
    carryOver.observe(event);
    opts.onEvent(redactSecretsDeep(event));
  };
  let workspace: WorkspaceGuard;
  let extensions: UserExtensions;
  try {
    extensions = opts.extensions ?? loadUserExtensions(opts.configDir, findRepositoryRoot(opts.cwd));
    // read_file may read skill files (the user's live outside the workspace), never write them.
    workspace = new WorkspaceGuard(opts.cwd, extensions.skillRoots);
  } catch (err) {
    if (err instanceof WorkspaceError) throw new UserFacingError(err.message, EXIT.usage);
    throw err;
  }
  // The form apply_patch is offered in; becomes 'function' for good when the server refuses custom tools.
  let applyPatch: ApplyPatchForm = resolveApplyPatch(settings.applyPatch, settings.model);
  // spawn_agents runs sub-agents through the agent built below.
  let subAgents: SubAgents | undefined;
  const spawnAgents = createSpawnAgentsTool({
    max: settings.subAgentsMax,
    run: (tasks, ctx) => (subAgents ? subAgents.run(tasks, ctx) : Promise.resolve({ ok: false, output: 'sub-agents are not available' })),
  });
  // Once the server refused custom tools, apply_patch stays a function tool, whatever the model.
  let customRefused = false;
  const builtinTools = (): AnyTool[] => [...defaultTools({ updatePlan: true, applyPatch }), ...(settings.subAgentsMax > 0 ? [spawnAgents] : [])];
  let builtin = createToolRegistry({ tools: builtinTools(), applyPatch });
  let mcpTools: AnyTool[] = [];
  let registry = builtin;
  // Plan and init modes offer a read-only subset of the registry; the full one comes back after.
  let workMode: WorkMode = 'normal';
  const offered = (tools: AnyTool[]): AnyTool[] => tools.filter((t) => offeredInMode(t, workMode));
  // Asked before the repository's servers and rules are read, so a yes counts in this session already.
  if (opts.approver && opts.askTrust !== false) await askTrustQuestion(opts.configDir, workspace.root, opts.approver, emit);
  let servers: NamedServerConfig[];
  try {
    const extra = opts.extraMcpServers ?? [];
    servers = [...loadServers(opts.configDir, findRepositoryRoot(workspace.root)).filter((s) => !extra.some((e) => e.name === s.name)), ...extra];
  } catch (err) {
    if (err instanceof McpConfigError) throw new UserFacingError(err.message, EXIT.config);
    throw err;
  }
  const untrusted = servers.filter((s) => !s.trusted);
  const loadedHooks = readHooks(opts.configDir, findRepositoryRoot(workspace.root));
  const mcp = new McpManager({
    servers: servers.filter((s) => s.trusted),
    logDir: join(opts.configDir, 'mcp-logs'),
    cwd: workspace.root,
    // Both editing families' names: a /model switch may bring either in.
    reservedNames: [
      ...new Set([...builtin.list(), ...defaultTools({ updatePlan: true, applyPatch: 'custom' }), ...defaultTools({ updatePlan: true })].map((t) => t.name)),
    ],
    onFailure: (_server, message) => emit({ type: 'error', code: 'mcp_server_failed', message, fatal: false }),
    onWarning: (_server, message) => emit({ type: 'error', code: 'mcp_server_warning', message, fatal: false }),
    budget: { maxTools: settings.mcpMaxToolsPerServer, maxSchemaBytes: settings.mcpMaxSchemaBytesPerServer },
  });
  // What every request offers: the registry's tools and, when the setting is on, the hosted web search.
  const offeredTools = () => [...registry.definitions(), ...webSearchTools(settings.webSearch)];
  // The agent holds this one catalog; behind it the registry is rebuilt when the MCP tool list changes.
  const catalog: ToolCatalog = {
    definitions: () => offeredTools(),
    parseArguments: (name, json) => registry.parseArguments(name, json),
    disableCustomTools: () => {
      customRefused = true;
      if (applyPatch === 'custom') applyPatch = 'function';
      return registry.disableCustomTools();
    },
  };
  const approvals = new ApprovalPolicy(settings.approval);
  const loadedRules = loadSessionRules(opts.configDir, workspace.root);
  const sandbox = createCommandSandbox({ settings, workspace, configDir: opts.configDir, dataDir, approver: opts.approver ?? null, emit });
  // Before the session file and the first request: a run that could not run a single command fails now.
  refuseUnattendedWithoutSandbox(sandbox, approvals.mode, Boolean(opts.approver));
  const sandboxGate = (): ApprovalGate => {
    const gate = new SandboxApprovals(approvals, sandbox);
    return opts.readOnlyWorkspace ? readOnlyWorkspaceGate(gate) : gate;
  };
  const instructions = buildInstructions({
    root: findRepositoryRoot(workspace.root),
    cwd: workspace.root,
    configDir: opts.configDir,
    skills: skillListings(extensions.skills, workspace.root),
  });

  let sessionFile: SessionFile | null = null;
  let sessionId = newSessionId();
  let ledger;
  let turnsBefore = 0;
  let repairs: string | null = null;
  let forkedFrom: string | null = null;
  try {
    if (opts.resume) {
      const resumed = (opts.fork ? forkSavedSession : resumeSession)(dataDir, opts.resume, workspace.root, recoverSubAgentOutput);
      if (opts.fork) forkedFrom = resumed.file.header.forkedFrom ?? null;
      ledger = resumed.ledger;
      sessionFile = resumed.file;
      turnsBefore = resumed.turns;
      repairs = resumed.repairs;
    } else if (!opts.ephemeral) {
      sessionFile = SessionFile.create(dataDir, { model: settings.model, cwd: workspace.root });
    }
    if (sessionFile) sessionId = sessionFile.header.id;
  } catch (err) {
    if (err instanceof SessionFileError || err instanceof SessionInUseError) throw new UserFacingError(err.message, EXIT.usage);
    throw new UserFacingError(`cannot write the session file: ${(err as Error).message}`, EXIT.config);
  }

  const session = new ModelSession({
    ...sessionOptionsFrom({ ...settings, apiKey: settings.apiKey }),
    promptCacheKey: sessionId,
    instructions,
    tools: offeredTools(),
    carryOver: (entries) => carryOver.items(entries),
    ...(ledger && { ledger }),
    ...(sessionFile && { sessionFile }),
    ...(opts.textFormat && { textFormat: opts.textFormat }),
    // PreCompact hooks see the compaction coming (they cannot stop it).
    beforeCompact: async (automatic, focus) => {
      await hooks?.run('PreCompact', { trigger: automatic ? 'auto' : 'manual', custom_instructions: focus }, new AbortController().signal);
    },
  });
  // MCP tool lists change only here, between turns: a new list is a new fingerprint, one new chain.
  const applyMcpTools = async (): Promise<void> => {
    const tools = await mcp.beforeTurn();
    if (!tools) return;
    mcpTools = tools;
    registry = createToolRegistry({ tools: offered([...builtin.list(), ...mcpTools]), applyPatch });
    session.setTools(offeredTools());
  };
  const setModel = (model: string): void => {
    session.setModel(model);
    const resolved = resolveApplyPatch(settings.applyPatch, model);
    const form = resolved === 'custom' && customRefused ? 'function' : resolved;
    if (form === applyPatch) return;
    applyPatch = form;
    builtin = createToolRegistry({ tools: builtinTools(), applyPatch });
    registry = createToolRegistry({ tools: offered([...builtin.list(), ...mcpTools]), applyPatch });
    session.setTools(offeredTools());
  };
  // Like a model switch: the next request offers the mode's tools and instructions, as one new chain.
  const setWorkMode = (mode: WorkMode): void => {
    if (mode === workMode) return;
    workMode = mode;
    registry = createToolRegistry({ tools: offered([...builtin.list(), ...mcpTools]), applyPatch });
    session.setTools(offeredTools());
    session.setInstructions(instructionsForMode(instructions, mode));
    emit({ type: 'mode.changed', mode, tools: registry.list().map((t) => t.name) });
  };
  // Read when a hook runs: after /fork, hooks are told the fork's id and file.
  const hookInfo = {
    get sessionId() {
      return sessionId;
    },
    cwd: workspace.root,
    get transcriptPath() {
      return sessionFile?.path ?? null;
    },
  };
  const hooks = createHooks(loadedHooks, hookInfo, emit);
  const openSnapshots = (id: string): Promise<WorkspaceSnapshots> =>
    createWorkspaceSnapshots(workspace.root, {
      sessionId: id,
      namespace: dataDirNamespace(dataDir),
      maxUntrackedBytes: settings.undoMaxUntrackedMb > 0 ? settings.undoMaxUntrackedMb * 1024 * 1024 : Number.POSITIVE_INFINITY,
    });
  let snapshots = await openSnapshots(sessionId);
  const agent = new Agent({
    session,
    catalog,
    beforeTurn: applyMcpTools,
    approvals: sandboxGate(),
    workspace,
    changes: changeTracker(() => snapshots, emit),
    approver: opts.approver ?? null,
    commandRules: new CommandRuleGate(loadedRules.rules, opts.configDir),
    maxTurns: settings.maxTurns,
    turnsBefore,
    hooks,
    onEvent: emit,
  });
  subAgents = new SubAgents({
    session,
    catalog,
    approvals: sandboxGate(),
    workspace,
    maxRequests: settings.subAgentsMaxRequests,
    sessionFile,
    onEvent: emit,
  });
  // Connect in the background while the front end draws; the first turn waits (bounded) for them.
  mcp.start();
  emit({
    type: 'session.started',
    sessionId,
    model: settings.model,
    transport: session.transportKind,
    cwd: workspace.root,
    approval: approvals.mode,
    sandbox: sandbox.state,
  });
  if (forkedFrom !== null) emit({ type: 'session.forked', sessionId, forkedFrom, lane: null });
  // Said once: the next resume finds the repair recorded in the file.
  if (repairs) emit({ type: 'error', code: 'session_repaired', message: repairs, fatal: false });
  if (untrusted.length > 0) {
    const names = untrusted.map((s) => s.name).join(', ');
    const trust = untrusted[0]!.trust ?? { trusted: false, why: 'never' };
    emit({ type: 'error', code: 'mcp_project_untrusted', message: untrustedMessage(trust, untrusted[0]!.source, `MCP servers (${names})`), fatal: false });
  }
  for (const problem of extensions.problems) emit({ type: 'error', code: 'extension_skipped', message: problem, fatal: false });
  const ignoredRules = ignoredRulesMessage(loadedRules);
  if (ignoredRules) emit({ type: 'error', code: 'rules_untrusted', message: ignoredRules, fatal: false });
  reportHookNotices(loadedHooks, emit);
  // Keyed by the repository, not the directory: sessions in two subdirectories edit the same files.
  const presence = registerWorkspace(dataDir, findRepositoryRoot(workspace.root));
  if (presence.others.length > 0) {
    emit({ type: 'error', code: 'workspace_shared', message: sharedWorkspaceMessage(presence.others), fatal: false });
  }
  // Only where someone answers approvals: without anyone, full-auto stopped above and the other
  // modes refuse commands anyway, so the notice would change nothing.
  const notice = opts.approver ? sandbox.notice() : null;
  if (notice) emit({ type: 'error', code: 'sandbox_unavailable', message: notice, fatal: false });
  return {
    agent,
    session,
    approvals,
    get snapshots() {
      return snapshots;
    },
    get registry() {
      return registry;
    },
    setModel,
    get workMode() {
      return workMode;
    },
    setWorkMode,
    mcp,
    hooks: loadedHooks,
    workspace,
    get sessionId() {
      return sessionId;
    },
    sessionFile,
    sandbox,
    extensions,
    fork: async () => {
      const outcome = await forkSession({ dataDir, session, sessionFile, snapshots, openSnapshots });
      sessionId = outcome.id;
      snapshots = outcome.snapshots;
      emit({ type: 'session.forked', sessionId, forkedFrom: outcome.previous, lane: outcome.lane });
      return outcome;
    },
    connect: async () => {
      await applyMcpTools().catch(() => undefined);
      await session.connect();
    },
    close: async () => {
      presence.release();
      sandbox.dispose();
      await Promise.all([session.close(), mcp.close()]);
      // Not dispose(): the session stays resumable, and its turns undoable after a resume.
      await snapshots.close().catch(() => undefined);
    },
  };
}
