// MCP server configuration, in the shape users already write for Claude Code, gemini-cli and
// Cursor: `mcpServers: { NAME: { command, args, env, cwd } | { url, headers } }`. It lives in the
// user settings (the conf store's config.json) and, when the project has one, in
// `<repository>/.wsagent/config.json`; a project entry replaces the user entry of the same name.
// A project file could make wsagent spawn any command, so (as Codex does) its servers start only
// in a project the user trusts, and only as the file was when it was trusted (config/projectTrust.ts).
// Values in `env` and `headers` are secrets: describeServer() shows them only as set/hidden.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { type TrustState, trustState } from '../../config/projectTrust.js';
import { trustSubject } from '../../config/rules/repositoryTrust.js';

export const DEFAULT_STARTUP_TIMEOUT_SECONDS = 10;
export const DEFAULT_TOOL_TIMEOUT_SECONDS = 60;

interface CommonServerConfig {
  /** How long connecting (spawn/handshake + tools/list) may take. */
  startupTimeoutSeconds: number;
  /** How long one tools/call may take. */
  toolTimeoutSeconds: number;
}

export interface StdioServerConfig extends CommonServerConfig {
  type: 'stdio';
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string | null;
}

export interface HttpServerConfig extends CommonServerConfig {
  /** Streamable HTTP, falling back to the legacy SSE transport when the server asks for it. */
  type: 'http';
  url: string;
  headers: Record<string, string>;
}

export type McpServerConfig = StdioServerConfig | HttpServerConfig;

export interface NamedServerConfig {
  name: string;
  config: McpServerConfig;
  /** Where it came from (a file path), for `mcp list` and error messages. */
  source: string;
  /** False for a project server in a project the user has not trusted (as it is now): it is not started. */
  trusted: boolean;
  /** For project servers: the project's trust, saying why an untrusted one is not. */
  trust?: TrustState;
}

export class McpConfigError extends Error {}

/** Server names become part of tool names (`mcp__NAME__tool`), so they use the API's name alphabet. */
export const SERVER_NAME = /^[a-zA-Z0-9_-]{1,32}$/;

export function checkServerName(name: string): string {
  if (!SERVER_NAME.test(name)) throw new McpConfigError(`server name "${name}" must be 1–32 letters, digits, _ or - (it becomes part of the tool names)`);
  return name;
}

function stringRecord(value: unknown, where: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new McpConfigError(`${where} must be an object of strings`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new McpConfigError(`${where}.${k} must be a string`);
    out[k] = String(v);
  }
  return out;
}

function seconds(value: unknown, fallback: number, where: string): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new McpConfigError(`${where} must be a number of seconds > 0`);
  return value;
}

/** Validates one server entry; messages name the server and the field. */
export function parseServerConfig(name: string, raw: unknown): McpServerConfig {
  const where = `mcpServers.${name}`;
  checkServerName(name);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new McpConfigError(`${where} must be an object with "command" or "url"`);
  const r = raw as Record<string, unknown>;
  const common = {
    startupTimeoutSeconds: seconds(r.startupTimeoutSeconds, DEFAULT_STARTUP_TIMEOUT_SECONDS, `${where}.startupTimeoutSeconds`),
    toolTimeoutSeconds: seconds(r.toolTimeoutSeconds, DEFAULT_TOOL_TIMEOUT_SECONDS, `${where}.toolTimeoutSeconds`),
  };
  if (typeof r.command === 'string' && r.command.trim() !== '') {
    if (r.url !== undefined) throw new McpConfigError(`${where} has both "command" and "url"; give one`);
    if (r.args !== undefined && (!Array.isArray(r.args) || r.args.some((a) => typeof a !== 'string')))
      throw new McpConfigError(`${where}.args must be an array of strings`);
    if (r.cwd !== undefined && r.cwd !== null && typeof r.cwd !== 'string') throw new McpConfigError(`${where}.cwd must be a string`);
    return {
      type: 'stdio',
      command: r.command,
      args: (r.args as string[] | undefined) ?? [],
      env: stringRecord(r.env, `${where}.env`),
      cwd: (r.cwd as string | undefined) ?? null,
      ...common,
    };
  }
  if (typeof r.url === 'string') {
    let url: URL;
    try {
      url = new URL(r.url);
    } catch {
      throw new McpConfigError(`${where}.url must be a URL such as http://127.0.0.1:8080/mcp; got "${r.url}"`);
    }
    if (!['http:', 'https:'].includes(url.protocol)) throw new McpConfigError(`${where}.url must be an http(s) URL; got "${r.url}"`);
    return { type: 'http', url: r.url, headers: stringRecord(r.headers, `${where}.headers`), ...common };
  }
  throw new McpConfigError(`${where} needs "command" (a program to spawn) or "url" (a streamable HTTP endpoint)`);
}

/** The `mcpServers` object of one settings object, validated. */
export function parseServers(raw: unknown, source: string, trust: TrustState = { trusted: true }): NamedServerConfig[] {
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new McpConfigError(`${source}: mcpServers must be an object of servers`);
  return Object.entries(raw as Record<string, unknown>).map(([name, value]) => {
    try {
      return { name, config: parseServerConfig(name, value), source, trusted: trust.trusted, trust };
    } catch (err) {
      throw new McpConfigError(`${source}: ${(err as Error).message}`);
    }
  });
}

function readJsonObject(file: string): Record<string, unknown> | null {
  if (!existsSync(file)) return null;
  let parsed: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    if (!text.trim()) return null;
    parsed = JSON.parse(text);
  } catch (err) {
    throw new McpConfigError(`${file}: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new McpConfigError(`${file} does not hold a JSON object`);
  return parsed as Record<string, unknown>;
}

export function userConfigFile(configDir: string): string {
  return join(configDir, 'config.json');
}

export function projectConfigFile(projectRoot: string): string {
  return join(projectRoot, '.wsagent', 'config.json');
}

/** The user's settings file as it is on disk (null: none), where trust records live. */
export function readUserSettings(configDir: string): Record<string, unknown> | null {
  return readJsonObject(userConfigFile(configDir));
}

/** The repository's settings object as it is on disk (null: no file), for trusting it as it is. */
export function readProjectSettings(projectRoot: string): Record<string, unknown> | null {
  return readJsonObject(projectConfigFile(projectRoot));
}

/** A directory's real path (symlinks resolved), so a trusted project matches however it is reached. */
export function canonical(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return resolve(dir);
  }
}

/**
 * Every configured server, sorted by name: user settings, then the project's (same name: project
 * wins). Project servers carry `trusted: false` unless the project is trusted; callers start only
 * trusted ones.
 */
export function loadServers(configDir: string, projectRoot: string | null): NamedServerConfig[] {
  const byName = new Map<string, NamedServerConfig>();
  const user = readJsonObject(userConfigFile(configDir));
  for (const server of parseServers(user?.mcpServers, userConfigFile(configDir))) byName.set(server.name, server);
  if (projectRoot) {
    const file = projectConfigFile(projectRoot);
    const project = readJsonObject(file);
    if (project) {
      const trust = trustState(user, canonical(projectRoot), trustSubject(projectRoot, project));
      for (const server of parseServers(project.mcpServers, file, trust)) byName.set(server.name, server);
    }
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const HIDDEN = '(set, hidden)';

/** The config as stored (for writing back): defaults left out. */
export function storedForm(config: McpServerConfig): Record<string, unknown> {
  const timeouts = {
    ...(config.startupTimeoutSeconds !== DEFAULT_STARTUP_TIMEOUT_SECONDS && { startupTimeoutSeconds: config.startupTimeoutSeconds }),
    ...(config.toolTimeoutSeconds !== DEFAULT_TOOL_TIMEOUT_SECONDS && { toolTimeoutSeconds: config.toolTimeoutSeconds }),
  };
  if (config.type === 'stdio') {
    return {
      command: config.command,
      args: config.args,
      ...(Object.keys(config.env).length > 0 && { env: config.env }),
      ...(config.cwd && { cwd: config.cwd }),
      ...timeouts,
    };
  }
  return { url: config.url, ...(Object.keys(config.headers).length > 0 && { headers: config.headers }), ...timeouts };
}

/** Lines describing a server for `mcp get`: env and header values never appear. */
export function describeServer(server: NamedServerConfig): string[] {
  const { name, config, source } = server;
  const hidden = (record: Record<string, string>) =>
    Object.keys(record)
      .map((k) => `${k}=${HIDDEN}`)
      .join(', ') || '(none)';
  const lines = [`${name}`, `  source:   ${source}${server.trusted ? '' : ` (${untrustedNote(server)}; \`wsagent trust\` in it)`}`];
  if (config.type === 'stdio') {
    lines.push('  type:     stdio', `  command:  ${[config.command, ...config.args].map(quoteArg).join(' ')}`, `  env:      ${hidden(config.env)}`);
    if (config.cwd) lines.push(`  cwd:      ${config.cwd}`);
  } else {
    lines.push('  type:     http (streamable, SSE fallback)', `  url:      ${config.url}`, `  headers:  ${hidden(config.headers)}`);
  }
  lines.push(`  timeouts: start-up ${config.startupTimeoutSeconds}s, per call ${config.toolTimeoutSeconds}s`);
  return lines;
}

/** One line for `mcp list`. */
export function summarizeServer(server: NamedServerConfig): string {
  const { config } = server;
  const target = config.type === 'stdio' ? [config.command, ...config.args].map(quoteArg).join(' ') : config.url;
  const secrets = config.type === 'stdio' ? Object.keys(config.env) : Object.keys(config.headers);
  const secretText = secrets.length > 0 ? `  ${config.type === 'stdio' ? 'env' : 'headers'}: ${secrets.map((k) => `${k}=${HIDDEN}`).join(', ')}` : '';
  const untrusted = server.trusted ? '' : `  (${untrustedNote(server)})`;
  return `${server.name.padEnd(16)} ${config.type.padEnd(5)} ${target}${secretText}${untrusted}`;
}

function untrustedNote(server: NamedServerConfig): string {
  return server.trust && !server.trust.trusted && server.trust.why === 'changed'
    ? 'project changed since trusted: not started'
    : 'project not trusted: not started';
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
