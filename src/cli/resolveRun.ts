// Turns the command line into what an agent run needs: validated settings, the working
// directory, the config directory, and resume. Every problem becomes one clear line.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { configDir, readStoredSettings } from '../config/configDir.js';
import { applyProvider } from '../config/providers.js';
import { ConfigError, resolveSettings, type Settings } from '../config/settings.js';
import { EXIT, UserFacingError } from './exitCodes.js';
import { type GlobalOptions, settingFlags } from './globalOptions.js';

export interface ResolvedRun {
  settings: Settings;
  cwd: string;
  configDir: string;
  resume?: string;
}

export function resolveRun(opts: GlobalOptions, env: NodeJS.ProcessEnv = process.env): ResolvedRun {
  const cwd = resolve(opts.cwd ?? process.cwd());
  if (!existsSync(cwd) || !statSync(cwd).isDirectory()) throw new UserFacingError(`--cwd ${opts.cwd}: no such directory`, EXIT.usage);
  let stored: Record<string, unknown>;
  let dir: string;
  try {
    stored = readStoredSettings(env);
    dir = configDir(env);
  } catch (err) {
    throw new UserFacingError(`cannot read the config store: ${(err as Error).message}`, EXIT.config);
  }
  let settings: Settings;
  try {
    settings = applyProvider(resolveSettings(stored, env, settingFlags(opts)), env);
  } catch (err) {
    if (err instanceof ConfigError) throw new UserFacingError(err.message, err.message.startsWith('--') ? EXIT.usage : EXIT.config);
    throw err;
  }
  const resume = opts.resume === true ? 'last' : typeof opts.resume === 'string' ? opts.resume : undefined;
  return { settings, cwd, configDir: dir, ...(resume && { resume }) };
}
