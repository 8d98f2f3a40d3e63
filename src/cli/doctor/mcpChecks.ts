// Each configured MCP server's start-up, as a session starts it (the same client code), bounded by
// the server's startupTimeoutSeconds, then closed. Servers of a repository the user has not trusted
// are not started (as in a session). All warnings: a session runs without a server's tools.
import { join } from 'node:path';
import { findRepositoryRoot } from '../../agent/instructions.js';
import { McpConnection, type NamedServerConfig, loadServers } from '../../tools/mcp/index.js';
import { type DoctorCheck, ok, warn } from './doctorCheck.js';
import { withinTime } from './withinTime.js';

export async function checkMcpServers(configDir: string, cwd: string): Promise<DoctorCheck[]> {
  let servers: NamedServerConfig[];
  try {
    servers = loadServers(configDir, findRepositoryRoot(cwd));
  } catch (err) {
    return [warn('MCP servers', (err as Error).message, 'fix the mcpServers entry it names (`wsagent mcp get NAME` shows one)')];
  }
  if (servers.length === 0) return [ok('MCP servers', 'none configured')];
  return Promise.all(servers.map((server) => startServer(server, configDir, cwd)));
}

async function startServer(server: NamedServerConfig, configDir: string, cwd: string): Promise<DoctorCheck> {
  const name = `MCP: ${server.name}`;
  if (!server.trusted)
    return warn(name, `${server.source}: not started, the repository is not trusted (as it is now)`, 'review its .wsagent/config.json, then `wsagent trust`');
  const connection = new McpConnection({
    name: server.name,
    config: server.config,
    logDir: join(configDir, 'mcp-logs'),
    cwd,
    onFailure: () => undefined,
    onToolsChanged: () => undefined,
  });
  const seconds = server.config.startupTimeoutSeconds;
  const started = performance.now();
  try {
    const finished = await withinTime(
      connection.start().then(() => true),
      seconds * 1000,
    );
    const log = connection.logFile ? ` (its stderr: ${connection.logFile})` : '';
    if (finished === null)
      return warn(name, `no answer within ${seconds} s (startupTimeoutSeconds)`, `check the server${log}, or raise its startupTimeoutSeconds`);
    if (connection.state !== 'ready')
      return warn(name, connection.failure ?? 'could not start', `check its command or URL with \`wsagent mcp get ${server.name}\`${log}`);
    const ms = Math.round(performance.now() - started);
    const tools = connection.tools.length;
    return ok(name, `started in ${ms} ms${connection.serverVersion ? ` (${connection.serverVersion})` : ''}: ${tools} tool${tools === 1 ? '' : 's'}`);
  } finally {
    await connection.close();
  }
}
