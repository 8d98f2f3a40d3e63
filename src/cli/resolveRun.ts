// Turns the command line into what an agent run needs: validated settings, the working
// directory, the config and data directories, and resume. Every problem becomes one clear line.
//
// Settings layers, lowest first: defaults < the repository's .wsagent/config.json < the user's config
// file < its `profiles.NAME` (--profile) < the environment < `-c key=value` < the other flags.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { findRepositoryRoot } from '../agent/instructions.js';
import { configDir, dataDir, migrateLegacyDirs, readStoredSettings } from '../config/configDir.js';
import { findProjectConfig } from '../config/projectConfig.js';
import { applyProvider } from '../config/providers.js';
import { ConfigError, type ExtraLayers, requireSettingKey, resolveSettings, type SettingKey, type SettingSource, type Settings } from '../config/settings.js';
import { EXIT, UserFacingError } from './exitCodes.js';
import { type GlobalOptions, settingFlags } from './globalOptions.js';

export interface ResolvedRun {
  settings: Settings;
  /** Which layer each setting came from (`wsagent doctor` says where the key was found). */
  sources?: Record<SettingKey, SettingSource>;
  cwd: string;
  configDir: string;
  /** Sessions and the workspace registry (the config directory when WSAGENT_CONFIG_DIR is set). */
  dataDir?: string;
  resume?: string;
  /**
   * `--resume` without an id: the TUI shows a picker of this workspace's sessions; `-p` and `exec`,
   * which have no one to ask, take `resume` (`last`: this workspace's latest session).
   */
  pickSession?: boolean;
  /** --ephemeral: no session file. */
  ephemeral?: boolean;
  /** --plan: the first turn starts in plan mode (read-only tools, a plan for an answer). */
  plan?: boolean;
}

export function resolveRun(opts: GlobalOptions, env: NodeJS.ProcessEnv = process.env): ResolvedRun {
  const given = opts.cwd ?? opts.cd;
  const cwd = resolve(given ?? process.cwd());
  if (!existsSync(cwd) || !statSync(cwd).isDirectory())
    throw new UserFacingError(`${opts.cwd !== undefined ? '--cwd' : '--cd'} ${given}: no such directory`, EXIT.usage);
  let stored: Record<string, unknown>;
  let dir: string;
  try {
    migrateLegacyDirs(env);
    stored = readStoredSettings(env);
    dir = configDir(env);
  } catch (err) {
    throw new UserFacingError(`cannot read the config store: ${(err as Error).message}`, EXIT.config);
  }
  let settings: Settings;
  let sources: Record<SettingKey, SettingSource>;
  try {
    const layers: ExtraLayers = {};
    const project = findProjectConfig(cwd, findRepositoryRoot(cwd));
    if (project) layers.project = { values: project.values, where: project.path };
    if (opts.profile !== undefined) layers.profile = { values: profileValues(stored, opts.profile), name: opts.profile };
    const resolved = resolveSettings(stored, env, { ...configOverrides(opts.config ?? []), ...settingFlags(opts) }, layers);
    settings = applyProvider(resolved, env);
    sources = resolved.sources;
  } catch (err) {
    if (err instanceof UserFacingError) throw err;
    if (err instanceof ConfigError) throw new UserFacingError(err.message, err.message.startsWith('-') ? EXIT.usage : EXIT.config);
    throw err;
  }
  const resume = opts.resume === true ? 'last' : typeof opts.resume === 'string' ? opts.resume : undefined;
  if (resume && opts.ephemeral)
    throw new UserFacingError('--ephemeral and --resume do not go together: an ephemeral run writes no session file to continue', EXIT.usage);
  return {
    settings,
    sources,
    cwd,
    configDir: dir,
    dataDir: dataDir(env),
    ...(resume && { resume }),
    ...(opts.resume === true && { pickSession: true }),
    ...(opts.ephemeral && { ephemeral: true }),
    ...(opts.plan && { plan: true }),
  };
}

/** `-c key=value`: the value is JSON when it parses as JSON (true, 5, {"a":"b"}), a string otherwise. */
export function configOverrides(pairs: string[]): Partial<Record<SettingKey, unknown>> {
  const out: Partial<Record<SettingKey, unknown>> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UserFacingError(`-c ${pair}: expected key=value, e.g. -c sandbox.network=true`, EXIT.usage);
    const name = pair.slice(0, eq).trim();
    let key: SettingKey;
    try {
      key = requireSettingKey(name);
    } catch (err) {
      throw new UserFacingError(`-c ${pair}: ${(err as Error).message}`, EXIT.usage);
    }
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // not JSON: the string itself
    }
    out[key] = value === null ? raw : value;
  }
  return out;
}

function profileValues(stored: Record<string, unknown>, name: string): Record<string, unknown> {
  const profiles = stored.profiles;
  const known = profiles && typeof profiles === 'object' && !Array.isArray(profiles) ? Object.keys(profiles) : [];
  const values = known.includes(name) ? (profiles as Record<string, unknown>)[name] : undefined;
  if (!values) {
    throw new UserFacingError(
      `--profile ${name}: no such profile in the config file (${known.length > 0 ? `known: ${known.join(', ')}` : 'add one as "profiles": {"NAME": {…settings}}'})`,
      EXIT.usage,
    );
  }
  if (typeof values !== 'object' || Array.isArray(values))
    throw new UserFacingError(`profiles.${name} in the config file must be an object of settings`, EXIT.config);
  for (const key of Object.keys(values)) {
    try {
      requireSettingKey(key);
    } catch (err) {
      throw new UserFacingError(`profiles.${name}: ${(err as Error).message}`, EXIT.config);
    }
  }
  return values as Record<string, unknown>;
}
