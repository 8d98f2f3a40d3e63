// The MCP servers an editor passes in session/new and session/load, as wsagent's server entries:
// they join the configured ones (replacing one of the same name) for that session. The user set
// them up in the editor, so they are trusted like the user's own config. Names become part of tool
// names (`mcp__NAME__tool`): other characters are replaced so `My Server` stays usable.
import type { McpServer } from '@agentclientprotocol/sdk';
import { type NamedServerConfig, parseServerConfig } from '../tools/mcp/index.js';

export const EDITOR_SOURCE = 'the editor (ACP session)';

function serverName(name: string): string {
  const cleaned = name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 32);
  return cleaned === '' ? 'editor' : cleaned;
}

function pairs(list: ReadonlyArray<{ name: string; value: string }>): Record<string, string> {
  return Object.fromEntries(list.map((entry) => [entry.name, entry.value]));
}

/** Throws McpConfigError (a message for the editor) for an entry wsagent cannot use. */
export function editorMcpServers(servers: readonly McpServer[]): NamedServerConfig[] {
  return servers.map((server) => {
    const name = serverName(server.name);
    const raw =
      'command' in server ? { command: server.command, args: server.args, env: pairs(server.env) } : { url: server.url, headers: pairs(server.headers) };
    return { name, config: parseServerConfig(name, raw), source: EDITOR_SOURCE, trusted: true };
  });
}
