// Shared pieces of the MCP tests: a config dir whose settings name MCP servers, the demo servers'
// paths, and JSONL parsing checked against the documented schema.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';

export const STDIO_SERVER = fileURLToPath(new URL('../../fixtures/mcp/stdioServer.mjs', import.meta.url));

const schema = JSON.parse(readFileSync(new URL('../../../docs/json-events.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

export function stdioServer(env: Record<string, string> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { command: process.execPath, args: [STDIO_SERVER], env, ...extra };
}

/** A fresh config dir holding `mcpServers`. */
export function configWith(mcpServers: Record<string, unknown>, other: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'wsagent-mcp-config-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...other, mcpServers }, null, 2));
  return dir;
}

export function cliEnv(configDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { OPENAI_API_KEY: 'sk-mcp-test', WSAGENT_CONFIG_DIR: configDir, OPENAI_BASE_URL: '', WSAGENT_MODEL: '', ...extra };
}

export function jsonLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const event = JSON.parse(line) as Record<string, unknown>;
      if (!validate(event))
        throw new Error(`line does not match docs/json-events.schema.json: ${line.slice(0, 300)}\n${JSON.stringify(validate.errors?.slice(0, 3))}`);
      return event;
    });
}

export function emptyRepo(): string {
  return mkdtempSync(join(tmpdir(), 'wsagent-mcp-repo-'));
}
