// Provider profiles (`providers` setting, chosen with `--provider NAME` or the `provider` setting):
// one name for everything an endpoint needs — base URL, where the key comes from and which header
// carries it, extra headers and query parameters, transport, model. Enough for Azure OpenAI
// (`api-version` query parameter, key in `api-key`), vLLM, Ollama and OpenRouter over HTTP.
//
// Precedence: a value given as a flag (--base-url, --model, --transport) beats the profile; the
// profile beats the environment, the config file and the defaults (choosing a provider is the more
// specific request). Headers and query parameters are merged, the profile's winning per name.
import { ConfigError, type ResolvedSettings, type Settings } from './settings.js';

export function applyProvider(resolved: ResolvedSettings, env: NodeJS.ProcessEnv): Settings {
  const { settings, sources } = resolved;
  const name = settings.provider;
  if (name === null) return settings;
  const where = sources.provider === 'flag' ? `--provider ${name}` : `provider "${name}"`;
  const known = Object.keys(settings.providers);
  const profile = Object.hasOwn(settings.providers, name) ? settings.providers[name] : undefined;
  if (!profile) {
    const list = known.length > 0 ? `known: ${known.join(', ')}` : 'none is defined; add one with `wsagent config set providers \'{"NAME":{"baseUrl":"…"}}\'`';
    throw new ConfigError(`${where}: no such provider profile (${list})`);
  }
  const next: Settings = { ...settings, headers: { ...settings.headers, ...profile.headers }, query: { ...settings.query, ...profile.query } };
  if (profile.baseUrl !== undefined && sources.baseUrl !== 'flag') next.baseUrl = profile.baseUrl;
  if (profile.model !== undefined && sources.model !== 'flag') next.model = profile.model;
  if (profile.transport !== undefined && sources.transport !== 'flag') next.transport = profile.transport;
  if (profile.apiKeyHeader !== undefined && sources.apiKeyHeader !== 'flag') next.apiKeyHeader = profile.apiKeyHeader;
  if (profile.apiKeyEnv !== undefined) {
    const key = env[profile.apiKeyEnv]?.trim();
    // A configuration problem (exit 3) whichever way the profile was chosen.
    if (!key) throw new ConfigError(`provider "${name}" reads its API key from the environment variable ${profile.apiKeyEnv}, which is not set`);
    next.apiKey = key;
  }
  return next;
}
