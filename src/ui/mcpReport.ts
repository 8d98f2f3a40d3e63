// The /mcp block: each configured MCP server, its state and its tools (read-only ones marked).
import type { McpServerView } from './AgentController.js';

const STATE: Record<McpServerView['state'], string> = { starting: 'starting…', ready: 'ready', failed: 'failed', closed: 'closed' };

export function mcpReport(servers: readonly McpServerView[]): string {
  if (servers.length === 0) return 'No MCP servers configured. Add one with `wsagent mcp add NAME -- COMMAND ARGS…` (or --url URL), then restart wsagent.';
  const lines: string[] = [];
  for (const s of servers) {
    lines.push(`${s.name}  ${s.transport}  ${STATE[s.state]}${s.version ? `  (${s.version})` : ''}`);
    if (s.failure) lines.push(`  ${s.failure}`);
    if (s.tools.length === 0) lines.push('  no tools');
    for (const t of s.tools) lines.push(`  ${t.name}${t.readOnly ? '  (read-only)' : ''}`);
    if (s.tools.length > 0 && s.requestBytes) lines.push(`  ${s.tools.length} tools, ${(s.requestBytes / 1024).toFixed(1)} KiB in every request`);
    if (s.logFile) lines.push(`  log: ${s.logFile}`);
  }
  return lines.join('\n');
}
