// Reading an MCP server's tool list without trusting it. The SDK's listTools() checks the whole
// page against its schema, so one tool with a broken input schema rejected the server and every
// valid tool with it; and it follows `nextCursor` for as long as the server sends one. Here the page
// is read loosely, each tool is checked alone (the MCP Tool shape, then its input schema against
// the JSON Schema meta-schema with ajv, so `type: "nonsense"` never reaches the model), a bad tool
// is dropped with a one-line reason, and paging stops after MAX_PAGES pages or at a cursor seen
// before, keeping what was gathered.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ResultSchema, type Tool as McpToolInfo, ToolSchema } from '@modelcontextprotocol/sdk/types.js';
import { Ajv } from 'ajv';

export const MAX_PAGES = 100;

export interface ToolListing {
  tools: McpToolInfo[];
  /** What was dropped or cut short, one line each (reported once by the connection). */
  problems: string[];
}

const metaSchemaChecker = new Ajv({ strict: false, validateFormats: false });

export async function listServerTools(client: Client, timeoutMs: number): Promise<ToolListing> {
  const tools: McpToolInfo[] = [];
  const problems: string[] = [];
  const seenCursors = new Set<string>();
  let cursor: string | undefined;
  for (let page = 1; ; page++) {
    const result = (await client.request({ method: 'tools/list', params: cursor ? { cursor } : {} }, ResultSchema, { timeout: timeoutMs })) as {
      tools?: unknown;
      nextCursor?: unknown;
    };
    const raw = Array.isArray(result.tools) ? result.tools : [];
    for (const [i, candidate] of raw.entries()) {
      const checked = checkTool(candidate);
      if (checked.ok) tools.push(checked.tool);
      else problems.push(`tool ${checked.name ?? `#${i + 1} of page ${page}`} dropped: ${checked.reason}`);
    }
    const next = typeof result.nextCursor === 'string' && result.nextCursor !== '' ? result.nextCursor : undefined;
    if (next === undefined) break;
    if (seenCursors.has(next)) {
      problems.push(
        `tools/list stopped: page ${page} repeated an earlier cursor (${JSON.stringify(next.slice(0, 40))}); keeping the ${tools.length} tools read so far`,
      );
      break;
    }
    if (page >= MAX_PAGES) {
      problems.push(`tools/list stopped after ${MAX_PAGES} pages (the server still had a next cursor); keeping the ${tools.length} tools read so far`);
      break;
    }
    seenCursors.add(next);
    cursor = next;
  }
  return { tools, problems };
}

type Checked = { ok: true; tool: McpToolInfo } | { ok: false; name: string | null; reason: string };

function checkTool(candidate: unknown): Checked {
  const name = typeof (candidate as { name?: unknown })?.name === 'string' ? JSON.stringify((candidate as { name: string }).name) : null;
  const parsed = ToolSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'the tool';
    return { ok: false, name, reason: `${where}: ${issue?.message ?? 'not an MCP tool'}` };
  }
  const { $schema: _ignored, ...schema } = parsed.data.inputSchema as Record<string, unknown>;
  if (!metaSchemaChecker.validateSchema(schema)) {
    const error = metaSchemaChecker.errors?.[0];
    return { ok: false, name, reason: `its input schema is not valid JSON Schema (inputSchema${error?.instancePath ?? ''} ${error?.message ?? 'is invalid'})` };
  }
  return { ok: true, tool: parsed.data as McpToolInfo };
}
