// `wsagent acp`: the Agent Client Protocol (agentclientprotocol.com) over a stream, the agent side,
// with the protocol's own SDK. `initialize` states what wsagent can do, `authenticate` checks the
// key, `session/new` and `session/load` open wsagent sessions (a loaded one replays its history
// first), `session/prompt` and `session/cancel` run and stop turns. The editor's file system is
// used when it offers one; its MCP servers join the configured ones.
import {
  type AgentConnection,
  type AgentContext,
  agent as acpAgent,
  type ClientCapabilities,
  type McpServer,
  methods,
  PROTOCOL_VERSION,
  RequestError,
  type Stream,
} from '@agentclientprotocol/sdk';
import { McpConfigError } from '../tools/mcp/index.js';
import { attachEditorFiles } from '../tools/editorFiles.js';
import { AcpSession } from './AcpSession.js';
import { sessionModes } from './approvalModes.js';
import { clientFiles } from './clientFiles.js';
import { historyUpdates } from './history.js';
import { editorMcpServers } from './mcpServers.js';
import { editorApprover } from './permissions.js';
import type { KeyCheck, OpenWorkspaceAgent } from './ports.js';

export const API_KEY_METHOD = 'openai-api-key';

export interface AcpServerOptions {
  open: OpenWorkspaceAgent;
  keyCheck: KeyCheck;
  version: string;
  /** One line to the log (stderr): never to the protocol stream. */
  log: (line: string) => void;
}

export interface AcpServer {
  connection: AgentConnection;
  /** Settles once the client has gone and every session is closed (their files flushed, tools stopped). */
  finished: Promise<void>;
}

export function serveAcp(stream: Stream, options: AcpServerOptions): AcpServer {
  const { log } = options;
  const sessions = new Map<string, AcpSession>();
  let capabilities: ClientCapabilities = {};
  let client: AgentContext | null = null;

  const requireKey = (): void => {
    const key = options.keyCheck();
    if (!key.present) throw RequestError.authRequired(undefined, key.message);
  };

  const open = async (cwd: string, mcpServers: readonly McpServer[], resume?: string): Promise<AcpSession> => {
    requireKey();
    if (!client) throw RequestError.internalError(undefined, 'not connected');
    const connected = client;
    const session = new AcpSession(connected, cwd, log);
    let servers;
    try {
      servers = editorMcpServers(mcpServers);
    } catch (err) {
      if (err instanceof McpConfigError) throw RequestError.invalidParams(undefined, err.message);
      throw err;
    }
    let agent;
    try {
      agent = await options.open({
        cwd,
        mcpServers: servers,
        ...(resume !== undefined && { resume }),
        approver: editorApprover(connected, () => session.id, cwd, log),
        onEvent: (event) => session.onEvent(event),
      });
    } catch (err) {
      // One clear line for the editor to show (no key, a bad setting, no such session…).
      throw new RequestError(-32603, (err as Error).message);
    }
    session.attach(agent, resume);
    const files = clientFiles(connected, capabilities.fs, () => session.id);
    if (files) attachEditorFiles(agent.workspace, files);
    sessions.set(session.id, session);
    return session;
  };

  const sessionOf = (id: string): AcpSession => {
    const session = sessions.get(id);
    if (!session) throw RequestError.sessionNotFound(id);
    return session;
  };

  const app = acpAgent({ name: 'wsagent' })
    .onRequest(methods.agent.initialize, ({ params }) => {
      capabilities = params.clientCapabilities ?? {};
      return {
        protocolVersion: Math.min(params.protocolVersion, PROTOCOL_VERSION),
        agentCapabilities: {
          loadSession: true,
          promptCapabilities: { image: true, audio: false, embeddedContext: true },
          mcpCapabilities: { http: true, sse: true },
        },
        authMethods: [
          {
            id: API_KEY_METHOD,
            name: 'OpenAI API key',
            description: 'Set OPENAI_API_KEY in the environment the editor starts wsagent with, or run `wsagent config set apiKey` once.',
          },
        ],
        agentInfo: { name: 'wsagent', title: 'wsagent', version: options.version },
      };
    })
    .onRequest(methods.agent.authenticate, ({ params }) => {
      if (params.methodId !== API_KEY_METHOD)
        throw RequestError.invalidParams(undefined, `unknown auth method ${params.methodId}; wsagent offers ${API_KEY_METHOD}`);
      requireKey();
      return {};
    })
    .onRequest(methods.agent.session.new, async ({ params }) => {
      const session = await open(params.cwd, params.mcpServers);
      return { sessionId: session.id, modes: sessionModes(session.workspaceAgent().status().approval) };
    })
    .onRequest(methods.agent.session.load, async ({ params }) => {
      if (sessions.has(params.sessionId)) throw RequestError.invalidParams(undefined, `session ${params.sessionId} is open already`);
      const session = await open(params.cwd, params.mcpServers, params.sessionId);
      const agent = session.workspaceAgent();
      // The history first, then the answer: the editor draws the thread, then the next prompt continues it.
      let sent: Promise<unknown> = Promise.resolve();
      for (const update of historyUpdates(agent.history(), agent.workspace.root, agent.display)) sent = session.send(update);
      await sent;
      return { modes: sessionModes(agent.status().approval) };
    })
    .onRequest(methods.agent.session.setMode, ({ params }) => {
      try {
        sessionOf(params.sessionId).workspaceAgent().setApproval(params.modeId);
      } catch (err) {
        if (err instanceof RequestError) throw err;
        throw RequestError.invalidParams(undefined, (err as Error).message.split('\n')[0]);
      }
      return {};
    })
    .onRequest(methods.agent.session.prompt, ({ params }) => sessionOf(params.sessionId).prompt(params.prompt))
    .onNotification(methods.agent.session.cancel, ({ params }) => {
      sessions.get(params.sessionId)?.cancel();
    });

  const connection = app.connect(stream);
  client = connection.client;
  const finished = connection.closed.then(async () => {
    await Promise.all([...sessions.values()].map((s) => s.close().catch((err: Error) => log(`closing a session failed: ${err.message}`))));
    sessions.clear();
  });
  return { connection, finished };
}
