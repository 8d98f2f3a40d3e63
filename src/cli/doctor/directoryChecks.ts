// The config directory (settings, rules, history, MCP logs) and the data directory (sessions, the
// workspace registry, the sandbox probe cache): each must be a directory wsagent can write, or not
// exist yet under one it can create it in. Probed by writing and removing a file, which is what
// counts (a read-only mount passes an access() check for root). Nothing is created.
import { constants, accessSync, existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { configDir, dataDir, inspectStoredSettings } from '../../config/configDir.js';
import { type DoctorCheck, fail, ok } from './doctorCheck.js';

/** Why `dir` cannot be written, or null when it can (or can be created). */
function unwritable(dir: string): string | null {
  if (!existsSync(dir)) {
    let parent = dirname(dir);
    while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent);
    try {
      accessSync(parent, constants.W_OK);
      return null;
    } catch {
      return `it does not exist and cannot be created: ${parent} is not writable`;
    }
  }
  if (!statSync(dir).isDirectory()) return 'it is not a directory';
  const probe = join(dir, `.wsagent-doctor-${process.pid}`);
  try {
    writeFileSync(probe, '', { mode: 0o600 });
    rmSync(probe, { force: true });
    return null;
  } catch (err) {
    return `it is not writable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
}

function directoryCheck(name: string, dir: string, variable: string): DoctorCheck {
  const problem = unwritable(dir);
  if (problem) return fail(name, `${dir}: ${problem}`, `make it writable (chmod u+w), or point ${variable} at a directory you can write`);
  return ok(name, `${dir} (${existsSync(dir) ? 'writable' : 'not created yet; wsagent will create it'})`);
}

export function checkDirectories(env: NodeJS.ProcessEnv = process.env): DoctorCheck[] {
  const checks = [directoryCheck('config directory', configDir(env), 'WSAGENT_CONFIG_DIR')];
  const stored = inspectStoredSettings(env);
  if (stored.problem) checks.push(fail('config file', stored.problem, `fix or remove ${stored.file} (\`wsagent config set\` writes it again)`));
  if (dataDir(env) !== configDir(env)) checks.push(directoryCheck('data directory', dataDir(env), 'WSAGENT_DATA_DIR'));
  return checks;
}
