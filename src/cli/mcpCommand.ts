// `wsagent mcp list|get|add|remove`: the MCP servers in the user settings (the conf store), in the
// shape `codex mcp` and `claude mcp` use: `wsagent mcp add NAME -- COMMAND ARGS…` for a stdio
// server, `wsagent mcp add NAME --url URL` for a streamable-HTTP one. Values of --env and --header
// are secrets: they are stored, never printed. list/get also show the project's servers
// (<repository>/.wsagent/config.json) when it has any; add/remove edit the user settings only.
import type { Command } from 'commander';
import { configDir, migrateLegacyDirs } from '../config/configDir.js';
import { EXIT, UserFacingError } from './exitCodes.js';

const load = () => import('../tools/mcp/index.js');

function pairs(flag: string, values: string[], fromEnv: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    if (at <= 0) {
      // `--env TOKEN` takes the value from the current environment (it stays out of the shell history).
      if (fromEnv && at < 0 && value !== '' && process.env[value] !== undefined) {
        out[value] = process.env[value]!;
        continue;
      }
      throw new UserFacingError(`${flag} ${value}: expected KEY=VALUE${fromEnv ? ' (or KEY, taken from the current environment)' : ''}`, EXIT.usage);
    }
    out[value.slice(0, at)] = value.slice(at + 1);
  }
  return out;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** The user settings for writing: the same file `servers()` and every session read. */
async function store() {
  const { openSettingsStore } = await import('../config/settingsStore.js');
  try {
    return openSettingsStore();
  } catch (err) {
    throw new UserFacingError(`cannot open the config store: ${(err as Error).message}`, EXIT.config);
  }
}

async function servers(cwd: string) {
  const mcp = await load();
  const { findRepositoryRoot } = await import('../agent/instructions.js');
  migrateLegacyDirs();
  try {
    return mcp.loadServers(configDir(), findRepositoryRoot(cwd));
  } catch (err) {
    throw new UserFacingError((err as Error).message, EXIT.config);
  }
}

interface AddOptions {
  url?: string;
  env: string[];
  header: string[];
  workdir?: string;
  startupTimeout?: string;
  toolTimeout?: string;
}

function seconds(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new UserFacingError(`${flag} must be a number of seconds > 0; got "${raw}"`, EXIT.usage);
  return n;
}

/**
 * `wsagent trust [dir]` (also `mcp trust`): trust the repository of DIR as its .wsagent/config.json
 * is now. What is recorded is a fingerprint of the settings that make it run something (its MCP
 * servers): once they change, the repository is untrusted until trusted again.
 */
async function trustRepository(dir: string | undefined): Promise<void> {
  const mcpModule = await load();
  const { withTrust, TRUSTED_REPOSITORIES_KEY, LEGACY_TRUSTED_KEY } = await import('../config/projectTrust.js');
  const { findRepositoryRoot } = await import('../agent/instructions.js');
  const { trustSubject } = await import('../config/rules/repositoryTrust.js');
  const { readRuleFiles, repositoryRulesDir } = await import('../config/rules/ruleFiles.js');
  const { existsSync } = await import('node:fs');
  const { resolve } = await import('node:path');
  const target = resolve(dir ?? process.cwd());
  if (!existsSync(target)) throw new UserFacingError(`${dir}: no such directory`, EXIT.usage);
  const root = mcpModule.canonicalProjectPath(findRepositoryRoot(target));
  let settings: Record<string, unknown> | null;
  try {
    settings = mcpModule.readProjectSettings(root);
  } catch (err) {
    throw new UserFacingError((err as Error).message, EXIT.config);
  }
  const conf = await store();
  conf.set(TRUSTED_REPOSITORIES_KEY, withTrust(conf.store, root, trustSubject(root, settings)));
  const legacy = conf.get(LEGACY_TRUSTED_KEY);
  if (Array.isArray(legacy))
    conf.set(
      LEGACY_TRUSTED_KEY,
      legacy.filter((p) => p !== root),
    );
  const file = mcpModule.projectConfigFile(root);
  const servers = Object.keys((settings?.mcpServers as Record<string, unknown> | undefined) ?? {});
  const hookEvents = Object.keys((settings?.hooks as Record<string, unknown> | undefined) ?? {});
  const ruleFiles = Object.keys(readRuleFiles(repositoryRulesDir(root)));
  const parts = [
    ...(servers.length > 0 ? [`its MCP servers ${servers.join(', ')}`] : []),
    ...(hookEvents.length > 0 ? [`its hooks for ${hookEvents.join(', ')}`] : []),
    ...(ruleFiles.length > 0 ? [`its command rules (.wsagent/rules/${ruleFiles.join(', ')})`] : []),
  ];
  const what =
    parts.length > 0 ? ` with ${parts.join(' and ')}` : !settings ? ` (it has no ${file} yet)` : ' (its settings start no MCP servers and run no hooks)';
  process.stdout.write(`trusted ${root}${what}; if what ${file} runs changes, it is untrusted until you trust it again\n`);
}

export function registerTrustCommand(program: Command): void {
  program
    .command('trust [dir]')
    .description(
      'trust the repository of DIR (default: the current directory) as its .wsagent/config.json and .wsagent/rules/ are now: its MCP servers may start, its hooks run and its allow-rules count',
    )
    .action(trustRepository);
}

export function registerMcpCommand(program: Command): void {
  const mcp = program.command('mcp').description('list, add or remove MCP servers (their tools join every session)');
  mcp
    .command('list')
    .description('list the configured MCP servers (secrets shown only as set)')
    .action(async () => {
      const { summarizeServer } = await load();
      const list = await servers(process.cwd());
      if (list.length === 0) {
        process.stdout.write('No MCP servers configured. Add one with `wsagent mcp add NAME -- COMMAND ARGS…` or `wsagent mcp add NAME --url URL`.\n');
        return;
      }
      for (const server of list) process.stdout.write(`${summarizeServer(server)}\n`);
    });
  mcp
    .command('get <name>')
    .description('show one MCP server (secrets shown only as set)')
    .action(async (name: string) => {
      const { describeServer } = await load();
      const server = (await servers(process.cwd())).find((s) => s.name === name);
      if (!server) throw new UserFacingError(`no MCP server named "${name}" (see \`wsagent mcp list\`)`, EXIT.usage);
      process.stdout.write(`${describeServer(server).join('\n')}\n`);
    });
  mcp
    .command('add <name> [command...]')
    .description('add (or replace) a server in the user settings: NAME -- COMMAND ARGS… (stdio) or NAME --url URL (streamable HTTP)')
    .option('--url <url>', 'a streamable-HTTP endpoint (falls back to SSE when the server asks for it)')
    .option('--env <KEY=VALUE>', 'environment for a stdio server (repeatable; KEY alone takes the current value)', collect, [])
    .option('--header <KEY=VALUE>', 'HTTP header for a URL server (repeatable)', collect, [])
    .option('--workdir <dir>', "working directory for a stdio server (default: the session's)")
    .option('--startup-timeout <seconds>', 'how long the first turn waits for the server (default 10)')
    .option('--tool-timeout <seconds>', 'how long one tool call may take (default 60)')
    .action(async (name: string, command: string[], opts: AddOptions) => {
      const mcpModule = await load();
      const raw: Record<string, unknown> = {};
      if (opts.url !== undefined) {
        if (command.length > 0) throw new UserFacingError('give either --url URL or -- COMMAND ARGS…, not both', EXIT.usage);
        if (opts.env.length > 0) throw new UserFacingError('--env is for stdio servers; use --header for a URL server', EXIT.usage);
        raw.url = opts.url;
        raw.headers = pairs('--header', opts.header, false);
      } else {
        if (command.length === 0) throw new UserFacingError('give the server: wsagent mcp add NAME -- COMMAND ARGS… (stdio) or --url URL (HTTP)', EXIT.usage);
        if (opts.header.length > 0) throw new UserFacingError('--header is for URL servers; use --env for a stdio server', EXIT.usage);
        raw.command = command[0];
        raw.args = command.slice(1);
        raw.env = pairs('--env', opts.env, true);
        if (opts.workdir) raw.cwd = opts.workdir;
      }
      const startup = seconds('--startup-timeout', opts.startupTimeout);
      const tool = seconds('--tool-timeout', opts.toolTimeout);
      if (startup !== undefined) raw.startupTimeoutSeconds = startup;
      if (tool !== undefined) raw.toolTimeoutSeconds = tool;
      let config;
      try {
        config = mcpModule.parseServerConfig(name, raw);
      } catch (err) {
        throw new UserFacingError((err as Error).message, EXIT.usage);
      }
      const conf = await store();
      const existing = (conf.get('mcpServers') ?? {}) as Record<string, unknown>;
      const replaced = Object.hasOwn(existing, name);
      conf.set('mcpServers', { ...existing, [name]: mcpModule.storedForm(config) });
      const summary = mcpModule.summarizeServer({ name, config, source: conf.path, trusted: true });
      process.stdout.write(`${replaced ? 'replaced' : 'added'} ${summary.replace(/\s+/, ' ')}\n`);
    });
  mcp.command('trust [dir]').description('the same as `wsagent trust [dir]`').action(trustRepository);
  mcp
    .command('remove <name>')
    .description('remove a server from the user settings')
    .action(async (name: string) => {
      const conf = await store();
      const existing = { ...((conf.get('mcpServers') ?? {}) as Record<string, unknown>) };
      if (!Object.hasOwn(existing, name)) throw new UserFacingError(`no MCP server named "${name}" in the user settings (${conf.path})`, EXIT.usage);
      delete existing[name];
      conf.set('mcpServers', existing);
      process.stdout.write(`removed ${name}\n`);
    });
}
