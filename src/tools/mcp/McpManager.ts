// All configured MCP servers of a session. They connect in the background as soon as the app is
// built (while the first frame draws); the first turn waits for them at most their start-up
// timeout, and a server that is later than that joins at the next turn. Tool lists only change
// between turns (beforeTurn), never inside one, because the tools are part of the request
// fingerprint: a changed list starts exactly one new chain. Failures are reported once each.
// Child processes are killed when the session closes, and when wsagent exits or is signalled.
import type { Tool } from '../types.js';
import { killQuietly, McpConnection, type ServerState } from './McpConnection.js';
import type { NamedServerConfig } from './mcpConfig.js';
import { createMcpTool } from './mcpTool.js';
import { DEFAULT_TOOL_BUDGET, definitionBytes, type ToolBudget, withinBudget } from './toolBudget.js';
import { assignToolNames } from './toolNames.js';

export interface McpManagerOptions {
  servers: NamedServerConfig[];
  logDir: string;
  cwd: string;
  /** Names already taken by the built-in tools. */
  reservedNames: readonly string[];
  /** A server failed (start-up or crash): one message per failure. */
  onFailure: (server: string, message: string) => void;
  /** Something was left out or is late (bad tools, caps, an endless or hanging tool list): once per distinct message. */
  onWarning?: (server: string, message: string) => void;
  /** What one server may add to every request (settings mcpMaxToolsPerServer, mcpMaxSchemaBytesPerServer). */
  budget?: ToolBudget;
}

export interface ServerStatus {
  name: string;
  transport: 'stdio' | 'http';
  state: ServerState;
  failure: string | null;
  version: string | null;
  /** Model-facing tool names (sorted). */
  tools: Array<{ name: string; tool: string; readOnly: boolean }>;
  /** Bytes its offered tools add to every request. */
  requestBytes: number;
  logFile: string | null;
}

const live = new Set<McpManager>();
let hooksInstalled = false;

function killAllChildren(): void {
  for (const manager of live) manager.killChildren();
}

/** On exit (normal or process.exit) and on SIGTERM/SIGINT, no MCP child is left behind. */
function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', killAllChildren);
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      killAllChildren();
      // Alone on this signal: behave as if no one listened (Node's default is to die by it).
      if (process.listenerCount(sig) === 1) {
        process.off(sig, onSignal);
        process.kill(process.pid, sig);
      }
    };
    process.on(sig, onSignal);
  }
}

/** Resolves when `promise` settles or after `ms`, whichever is first (the promise keeps running). */
function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class McpManager {
  private readonly connections: McpConnection[];
  /** Each server's start, bounded by its own start-up timeout: what the first turn waits for. */
  private startup: Promise<void> | null = null;
  private current: Tool[] = [];
  private currentKey = '';

  constructor(private readonly opts: McpManagerOptions) {
    this.connections = opts.servers.map(
      (s) =>
        new McpConnection({
          name: s.name,
          config: s.config,
          logDir: opts.logDir,
          cwd: opts.cwd,
          onFailure: (name, message) => opts.onFailure(name, `MCP server "${name}": ${message}`),
          onToolsChanged: () => undefined, // read in beforeTurn
          onNotice: (name, message) => this.warn(name, message),
        }),
    );
  }

  private readonly warned = new Set<string>();

  /** Reports a warning about a server once per distinct message. */
  private warn(server: string, message: string): void {
    const line = `MCP server "${server}": ${message}`;
    if (this.warned.has(line)) return;
    this.warned.add(line);
    this.opts.onWarning?.(server, line);
  }

  get size(): number {
    return this.connections.length;
  }

  /** Starts connecting every server; returns at once. */
  start(): void {
    if (this.startup || this.connections.length === 0) return;
    live.add(this);
    installExitHooks();
    this.startup = Promise.all(
      this.connections.map(async (c) => {
        await withTimeout(c.start(), c.config.startupTimeoutSeconds * 1000);
        // Still starting: the first turn goes on without it; say so rather than wait in silence.
        if (c.state === 'starting') {
          this.warn(
            c.name,
            `no tool list after ${c.config.startupTimeoutSeconds}s (startupTimeoutSeconds; still waiting for initialize or tools/list); ` +
              'the session goes on without its tools, which join at a later turn if it answers',
          );
        }
      }),
    ).then(() => undefined);
  }

  /**
   * Before each turn: waits for the servers' start (at most their start-up timeout; at once once settled), then
   * re-reads changed tool lists. Returns the tools when they differ from the last call, else null.
   */
  async beforeTurn(): Promise<Tool[] | null> {
    if (this.connections.length === 0) return null;
    this.start();
    // Every caller waits (the start is bounded and settles once): a pre-connect and the first
    // turn may both be here at once, and the turn must not go out without the servers' tools.
    await this.startup;
    await Promise.all(this.connections.filter((c) => c.toolsStale).map((c) => c.refreshTools()));
    const tools = this.buildTools();
    const key = JSON.stringify(tools.map((t) => [t.name, t.description, t.parameters, t.strict, t.kind]));
    if (key === this.currentKey) return null;
    this.current = tools;
    this.currentKey = key;
    return tools;
  }

  /** The tools of the last beforeTurn(). */
  get tools(): Tool[] {
    return [...this.current];
  }

  private buildTools(): Tool[] {
    const taken = new Set(this.opts.reservedNames);
    const tools: Tool[] = [];
    for (const connection of this.connections) {
      // Sorted by the server's tool name so the names assigned on collisions are stable.
      const infos = [...connection.tools].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const names = assignToolNames(
        connection.name,
        infos.map((t) => t.name),
        taken,
      );
      const all = infos.map((info, i) => createMcpTool(connection, info, names[i]!));
      const { kept, leftOut } = withinBudget(all, this.opts.budget ?? DEFAULT_TOOL_BUDGET);
      if (leftOut) this.warn(connection.name, leftOut);
      tools.push(...kept);
    }
    return tools.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  status(): ServerStatus[] {
    const toolsByServer = new Map<string, ServerStatus['tools']>();
    const bytesByServer = new Map<string, number>();
    for (const tool of this.current) {
      const list = toolsByServer.get(tool.mcp!.server) ?? [];
      list.push({ name: tool.name, tool: tool.mcp!.tool, readOnly: tool.kind === 'read' });
      toolsByServer.set(tool.mcp!.server, list);
      bytesByServer.set(tool.mcp!.server, (bytesByServer.get(tool.mcp!.server) ?? 0) + definitionBytes(tool));
    }
    return this.connections.map((c) => ({
      name: c.name,
      transport: c.config.type,
      state: c.state,
      failure: c.failure,
      version: c.serverVersion,
      tools: toolsByServer.get(c.name) ?? [],
      requestBytes: bytesByServer.get(c.name) ?? 0,
      logFile: c.logFile,
    }));
  }

  /** Synchronous, for exit paths. */
  killChildren(): void {
    for (const c of this.connections) if (c.pid !== null) killQuietly(c.pid);
  }

  async close(): Promise<void> {
    live.delete(this);
    await Promise.all(this.connections.map((c) => c.close()));
  }
}
