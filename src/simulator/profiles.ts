// Network profiles: what the wire and the model cost, so that timings against the simulator look
// like timings against the real service. The same costs apply to every transport; only what the
// server can reuse (the connection cache, the response store) differs.

export interface NetworkProfile {
  name: string;
  /** One-way network delay, each direction (ms). */
  oneWayMs: number;
  /** Client → server bandwidth (bits per second); 0 means unlimited. */
  uplinkBps: number;
  /** Server → client bandwidth (bits per second); 0 means unlimited. */
  downlinkBps: number;
  /** Model time to first output token after the context is ready (ms). */
  ttftMs: number;
  /** Output tokens per second; 0 means instantaneous. */
  tokensPerSecond: number;
  /** Cost of rebuilding context the server could not reuse, per 1,000 input tokens (ms). */
  rebuildMsPer1kTokens: number;
  /** Fixed cost of loading a stored response (store:true, not in the connection cache) (ms). */
  storeLoadBaseMs: number;
  /** Additional cost of loading stored state per 1,000 tokens of it (ms). */
  storeLoadMsPer1kTokens: number;
}

export const PROFILES: Record<string, NetworkProfile> = {
  local: {
    name: 'local',
    oneWayMs: 0,
    uplinkBps: 0,
    downlinkBps: 0,
    ttftMs: 0,
    tokensPerSecond: 0,
    rebuildMsPer1kTokens: 0,
    storeLoadBaseMs: 0,
    storeLoadMsPer1kTokens: 0,
  },
  // Fixed by the simulator issue; the benchmark must not tune these to flatter a result.
  wan: {
    name: 'wan',
    oneWayMs: 40,
    uplinkBps: 10_000_000,
    downlinkBps: 50_000_000,
    ttftMs: 400,
    tokensPerSecond: 80,
    rebuildMsPer1kTokens: 10,
    storeLoadBaseMs: 150,
    storeLoadMsPer1kTokens: 2,
  },
  // `wan`'s network and server costs with fast inference (150 ms to first token, 1,000 tokens/s):
  // the regime where API overhead stops hiding behind generation. Fixed by issue 10.9.
  fast: {
    name: 'fast',
    oneWayMs: 40,
    uplinkBps: 10_000_000,
    downlinkBps: 50_000_000,
    ttftMs: 150,
    tokensPerSecond: 1000,
    rebuildMsPer1kTokens: 10,
    storeLoadBaseMs: 150,
    storeLoadMsPer1kTokens: 2,
  },
};

export class ProfileError extends Error {}

const FIELD_ALIASES: Record<string, keyof NetworkProfile> = {
  one_way_ms: 'oneWayMs',
  uplink_bps: 'uplinkBps',
  downlink_bps: 'downlinkBps',
  ttft_ms: 'ttftMs',
  tokens_per_second: 'tokensPerSecond',
  rebuild_ms_per_1k: 'rebuildMsPer1kTokens',
  store_load_base_ms: 'storeLoadBaseMs',
  store_load_ms_per_1k: 'storeLoadMsPer1kTokens',
};

/**
 * Resolves `--profile`: a preset name, optionally followed by overrides
 * (`wan,ttft_ms=100,tokens_per_second=200`), or a whole profile as a JSON object.
 */
export function resolveProfile(spec: string | Partial<NetworkProfile> | undefined): NetworkProfile {
  if (spec === undefined) return { ...PROFILES.local! };
  if (typeof spec === 'object') return { ...PROFILES.local!, name: 'custom', ...spec };
  const trimmed = spec.trim();
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new ProfileError(`--profile: not valid JSON: ${trimmed.slice(0, 80)}`);
    }
    return resolveProfile(parsed as Partial<NetworkProfile>);
  }
  const [base = '', ...overrides] = trimmed.split(',');
  const preset = PROFILES[base];
  if (!preset) {
    throw new ProfileError(`unknown profile "${base}" (known: ${Object.keys(PROFILES).join(', ')})`);
  }
  const profile: NetworkProfile = { ...preset };
  for (const pair of overrides) {
    const [key = '', value = ''] = pair.split('=');
    const field = FIELD_ALIASES[key.trim()];
    const num = Number(value);
    if (!field) throw new ProfileError(`unknown profile field "${key}" (known: ${Object.keys(FIELD_ALIASES).join(', ')})`);
    if (!Number.isFinite(num) || num < 0) throw new ProfileError(`profile field "${key}" needs a number ≥ 0`);
    (profile[field] as number) = num;
    profile.name = `${preset.name}*`;
  }
  return profile;
}

/** Time for `bytes` to cross a link of `bps` bits per second (ms). */
export function transferMs(bytes: number, bps: number): number {
  return bps > 0 ? (bytes * 8 * 1000) / bps : 0;
}
