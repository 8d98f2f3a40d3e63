// One MCP server: its transport (a spawned stdio child, or streamable HTTP with the legacy SSE
// transport as fallback), the SDK client, the last tool list it gave, and its state. A server that
// fails to start or crashes is marked failed (reported once through onFailure); the next call of
// one of its tools tries to start it again, and answers with an error output if that fails too.
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Tool as McpToolInfo } from '@modelcontextprotocol/sdk/types.js';
import type { McpServerConfig } from './mcpConfig.js';

// The SDK costs a few hundred milliseconds to load: only sessions with MCP servers pay for it.
const loadSdk = async () => {
  const [client, sse, stdio, streamableHttp, types, toolList, readBuffer] = await Promise.all([
    import('@modelcontextprotocol/sdk/client/index.js'),
    import('@modelcontextprotocol/sdk/client/sse.js'),
    import('@modelcontextprotocol/sdk/client/stdio.js'),
    import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
    import('@modelcontextprotocol/sdk/types.js'),
    import('./toolList.js'),
    import('./boundedReadBuffer.js'),
  ]);
  return { ...client, ...sse, ...stdio, ...streamableHttp, ...types, ...toolList, ...readBuffer };
};
type Sdk = Awaited<ReturnType<typeof loadSdk>>;
let sdkPromise: Promise<Sdk> | null = null;
/** Set once loaded: the error classes are needed synchronously when a call fails. */
let sdk: Sdk | null = null;
function sdkModules(): Promise<Sdk> {
  sdkPromise ??= loadSdk().then((loaded) => (sdk = loaded));
  return sdkPromise;
}

function isMcpError(err: unknown, code: 'RequestTimeout' | 'ConnectionClosed'): boolean {
  return sdk !== null && err instanceof sdk.McpError && err.code === sdk.ErrorCode[code];
}

export type ServerState = 'starting' | 'ready' | 'failed' | 'closed';

export interface CallOutcome {
  content?: unknown;
  structuredContent?: unknown;
  isError?: unknown;
  toolResult?: unknown;
}

export interface McpConnectionOptions {
  name: string;
  config: McpServerConfig;
  /** Directory for the stdio servers' stderr logs (`<name>.log`). */
  logDir: string;
  /** Working directory for stdio servers without their own `cwd`. */
  cwd: string;
  /** Called once per failure (start-up or crash), with a one-line reason. */
  onFailure: (name: string, reason: string) => void;
  /** Called when the server says its tool list changed (applied between turns). */
  onToolsChanged: (name: string) => void;
  /** Something the server sent was left out (a bad tool, an endless tool list): once per distinct message. */
  onNotice?: (name: string, message: string) => void;
}

const CLIENT_INFO = { name: 'wsagent', version: '0.1.0' };
const CONNECT_LIMIT_MS = 60_000;

export class McpConnection {
  state: ServerState = 'starting';
  /** The last tool list the server gave (kept after a crash, so the request's tools stay stable). */
  tools: McpToolInfo[] = [];
  /** Why it failed, when it did. */
  failure: string | null = null;
  /** The server's name and version from the handshake. */
  serverVersion: string | null = null;
  /** The child's pid (stdio), for the exit hook. */
  pid: number | null = null;
  /** True once the server said its tools changed and they were not re-read yet. */
  toolsStale = false;
  private client: Client | null = null;
  private starting: Promise<void> | null = null;
  private closing = false;
  private generation = 0;
  /** The current failure was reported: a restart that fails again is the same failure, not reported twice. */
  private reported = false;
  private readonly noticed = new Set<string>();

  constructor(private readonly opts: McpConnectionOptions) {}

  get name(): string {
    return this.opts.name;
  }

  get config(): McpServerConfig {
    return this.opts.config;
  }

  get logFile(): string | null {
    return this.opts.config.type === 'stdio' ? join(this.opts.logDir, `${this.opts.name}.log`) : null;
  }

  /** Connects and reads the tool list; resolves either way (failures set `state` and `failure`). */
  start(): Promise<void> {
    if (this.starting) return this.starting;
    this.state = 'starting';
    this.starting = this.connect().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    // The start-up timeout bounds how long the first turn waits (McpManager), not the handshake: a
    // server later than that joins at the next turn. Only a server silent for this long has failed.
    const timeoutMs = Math.max(CONNECT_LIMIT_MS, this.opts.config.startupTimeoutSeconds * 1000);
    let client: Client | null = null;
    try {
      const modules = await sdkModules();
      client = await this.openClient(modules, timeoutMs);
      if (this.closing) {
        await client.close().catch(() => undefined);
        return;
      }
      this.client = client;
      this.serverVersion = describeVersion(client.getServerVersion());
      client.setNotificationHandler(modules.ToolListChangedNotificationSchema, () => {
        this.toolsStale = true;
        this.opts.onToolsChanged(this.opts.name);
      });
      this.tools = await this.listTools(modules, client, timeoutMs);
      this.toolsStale = false;
      this.state = 'ready';
      this.failure = null;
      this.reported = false;
      // Watch for the server going away only once it is up: a start-up failure is reported by the catch below.
      client.onclose = () => {
        if (this.closing || generation !== this.generation || this.state !== 'ready') return;
        this.fail('the server exited (its tools answer with an error until it restarts on the next call)');
      };
    } catch (err) {
      await client?.close().catch(() => undefined);
      this.client = null;
      if (this.closing) return;
      this.fail(`could not start: ${reason(err, timeoutMs)}`);
    }
  }

  private fail(message: string): void {
    this.state = 'failed';
    this.failure = message;
    this.client = null;
    this.pid = null;
    if (!this.reported) this.opts.onFailure(this.opts.name, message);
    this.reported = true;
  }

  private async openClient(modules: Sdk, timeoutMs: number): Promise<Client> {
    const { Client, SSEClientTransport, StdioClientTransport, StreamableHTTPClientTransport, getDefaultEnvironment } = modules;
    const { config } = this.opts;
    if (config.type === 'stdio') {
      mkdirSync(this.opts.logDir, { recursive: true });
      const fd = openSync(join(this.opts.logDir, `${this.opts.name}.log`), 'a', 0o600);
      const transport = new StdioClientTransport({
        command: config.command,
        args: config.args,
        env: { ...getDefaultEnvironment(), ...config.env },
        cwd: config.cwd ?? this.opts.cwd,
        // The child's stderr goes to the log file, never to the terminal.
        stderr: fd,
      });
      // The SDK's read buffer closes the connection (killing the server) at 10 MB of one message;
      // ours answers an over-long message with an error and keeps the server (boundedReadBuffer.ts).
      // (A private field of the SDK's transport, checked by test/tools/mcp/mcpUnruly.test.ts.)
      if ('_readBuffer' in transport) (transport as unknown as { _readBuffer: unknown })._readBuffer = new modules.BoundedReadBuffer();
      const client = new Client(CLIENT_INFO);
      try {
        await client.connect(transport, { timeout: timeoutMs });
      } finally {
        closeSync(fd); // the child holds its own copy
      }
      this.pid = transport.pid;
      return client;
    }
    const url = new URL(config.url);
    const requestInit = { headers: config.headers };
    const streamable = new Client(CLIENT_INFO);
    try {
      await streamable.connect(new StreamableHTTPClientTransport(url, { requestInit }), { timeout: timeoutMs });
      return streamable;
    } catch (err) {
      await streamable.close().catch(() => undefined);
      // A server that only speaks the 2024-11-05 HTTP+SSE transport answers the POST with 4xx.
      if (!isHttpClientError(err)) throw err;
      const sse = new Client(CLIENT_INFO);
      const headers = config.headers;
      const transport: Transport = new SSEClientTransport(url, {
        requestInit,
        eventSourceInit: { fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...headers } }) },
      });
      await sse.connect(transport, { timeout: timeoutMs });
      return sse;
    }
  }

  private async listTools(modules: Sdk, client: Client, timeoutMs: number): Promise<McpToolInfo[]> {
    if (!client.getServerCapabilities()?.tools) return [];
    const { tools, problems } = await modules.listServerTools(client, timeoutMs);
    for (const problem of problems) this.notice(problem);
    return tools;
  }

  /** Reports `message` about this server once per session. */
  notice(message: string): void {
    if (this.noticed.has(message)) return;
    this.noticed.add(message);
    this.opts.onNotice?.(this.opts.name, message);
  }

  /** Re-reads the tool list after a list_changed notification (between turns). */
  async refreshTools(): Promise<void> {
    if (this.state !== 'ready' || !this.client) return;
    this.toolsStale = false;
    try {
      this.tools = await this.listTools(await sdkModules(), this.client, this.opts.config.startupTimeoutSeconds * 1000);
    } catch {
      this.toolsStale = true; // try again before the next turn
    }
  }

  /** Calls a tool; a failed server is restarted first. Throws McpCallError with a message for the model. */
  async call(tool: string, args: Record<string, unknown>, signal: AbortSignal): Promise<CallOutcome> {
    if (this.state === 'failed' || this.state === 'starting') await this.start();
    const client = this.client;
    if (this.state !== 'ready' || !client) {
      throw new McpCallError(`The MCP server "${this.opts.name}" is not available (${this.failure ?? 'not connected'}). Its tools cannot be used right now.`);
    }
    const timeoutSeconds = this.opts.config.toolTimeoutSeconds;
    try {
      return (await client.callTool({ name: tool, arguments: args }, undefined, { signal, timeout: timeoutSeconds * 1000 })) as CallOutcome;
    } catch (err) {
      if (isMcpError(err, 'RequestTimeout')) {
        throw new McpCallError(
          `The MCP tool ${tool} on server "${this.opts.name}" did not answer within ${timeoutSeconds}s (toolTimeoutSeconds); the call was cancelled.`,
        );
      }
      if (signal.aborted) throw new McpCallError(`The call of ${tool} was cancelled.`);
      if (sdk !== null && err instanceof sdk.McpError && err.code === sdk.TOO_LARGE_CODE) {
        throw new McpCallError(`The MCP tool ${tool} on server "${this.opts.name}" failed: ${err.message.replace(/^MCP error -?\d+: /, '')}; ask it for less.`);
      }
      throw new McpCallError(`The MCP server "${this.opts.name}" failed on ${tool}: ${(err as Error).message}`);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    this.state = 'closed';
    const client = this.client;
    this.client = null;
    if (this.pid !== null) killQuietly(this.pid);
    this.pid = null;
    await client?.close().catch(() => undefined);
  }
}

export class McpCallError extends Error {}

export function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

function describeVersion(info: { name?: string; version?: string } | undefined): string | null {
  if (!info) return null;
  return [info.name, info.version].filter(Boolean).join(' ') || null;
}

function isHttpClientError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'number' && code >= 400 && code < 500;
}

function reason(err: unknown, timeoutMs: number): string {
  if (isMcpError(err, 'RequestTimeout')) return `no answer within ${timeoutMs / 1000}s`;
  if (isMcpError(err, 'ConnectionClosed')) return 'the server exited during the handshake (see its log)';
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return `command not found (${e.path ?? 'spawn'})`;
  return (e.message ?? String(err)).split('\n')[0] ?? 'unknown error';
}
