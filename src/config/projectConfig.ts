// The repository's own settings: `.wsagent/config.json`, found from the workspace directory up to
// the repository root (the first one wins). It is the lowest layer (below the user's config file,
// the environment and flags), and it may set only keys that change how the model works, never who
// gets your key or what runs without asking: a cloned repository is not trusted. So no apiKey,
// baseUrl, provider(s), headers, apiKeyHeader, query, organization or project (they decide where the
// key goes and whom it bills), no approval, sandbox or shellEnvironment.keep (they loosen what runs
// unasked). `mcpServers` and `hooks` may appear: the MCP client and the hooks (hooksConfig.ts) read
// them themselves and run them only in a repository the user trusted (`wsagent trust`); they are
// never settings.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ConfigError, type SettingKey } from './settings.js';

export const PROJECT_KEYS: readonly SettingKey[] = [
  'model',
  'transport',
  'store',
  'maxTurns',
  'compactThreshold',
  'autoCompactPercent',
  'contextWindow',
  'rotateMinutes',
  'deadSeconds',
  'firstEventTimeoutSeconds',
  'streamIdleTimeoutSeconds',
  'reasoningEffort',
  'reasoningSummary',
  'verbosity',
  'reasoningModels',
  'steering',
  'steeringModels',
  'applyPatch',
];

/** Read by the MCP client and the hooks (trusted repositories only), passed over by the settings. */
const PROJECT_MCP_KEY = 'mcpServers';
const PROJECT_HOOKS_KEY = 'hooks';

export interface ProjectConfig {
  path: string;
  values: Record<string, unknown>;
}

/** The nearest `.wsagent/config.json` from `cwd` up to `root` (the repository root; `cwd` itself when not in a repository). */
export function findProjectConfig(cwd: string, root: string): ProjectConfig | null {
  let dir = cwd;
  for (;;) {
    const path = join(dir, '.wsagent', 'config.json');
    if (existsSync(path)) return { path, values: readProjectConfig(path) };
    const rel = relative(root, dir);
    if (rel === '' || rel.startsWith('..') || dirname(dir) === dir) return null;
    dir = dirname(dir);
  }
}

function readProjectConfig(path: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`${path}: not valid JSON (${(err as Error).message})`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError(`${path} must hold a JSON object`);
  for (const key of Object.keys(parsed)) {
    if (key === PROJECT_MCP_KEY || key === PROJECT_HOOKS_KEY) continue;
    if (!(PROJECT_KEYS as readonly string[]).includes(key)) {
      throw new ConfigError(
        `${path} may not set "${key}": a repository's settings cannot choose where your API key goes, loosen approvals or the sandbox, or start programs (allowed: ${PROJECT_KEYS.join(', ')})`,
      );
    }
  }
  const { [PROJECT_MCP_KEY]: _servers, [PROJECT_HOOKS_KEY]: _hooks, ...values } = parsed as Record<string, unknown>;
  return values;
}
