// Trusting a repository means trusting what its `.wsagent/config.json` asks wsagent to run outside
// the sandbox, as it was when the user looked: its MCP servers today, its hooks and command rules
// once they exist (add their keys to TRUST_KEYS). `wsagent trust` records a fingerprint of those
// settings (and the text of its `.wsagent/rules/*.rules` files, as `rules`: see rules/repositoryTrust.ts); when they change — a command, a patch, a pull — the repository is untrusted until the
// user trusts it again. Records live in the user settings, which no repository can write.
import { createHash } from 'node:crypto';

/** The keys of a repository's settings that make it run something: the ones trust covers. */
export const TRUST_KEYS: readonly string[] = ['mcpServers', 'rules', 'hooks'];
/** Keys fingerprinted even when absent, as they were before the others existed (older records stay valid). */
const ALWAYS_FINGERPRINTED = new Set(['mcpServers']);

/** The user setting holding `[{ path, fingerprint }]`. */
export const TRUSTED_REPOSITORIES_KEY = 'trustedRepositories';
/** Before trust was bound to content: a bare list of paths (read only to say "trust it again"). */
export const LEGACY_TRUSTED_KEY = 'mcpTrustedProjects';

export interface TrustRecord {
  path: string;
  fingerprint: string;
}

export type TrustState =
  | { trusted: true }
  /** never: not trusted at all; changed: its settings differ from what was trusted; legacy: trusted before fingerprints. */
  | { trusted: false; why: 'never' | 'changed' | 'legacy' };

/** JSON with object keys sorted, so the same settings always give the same text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** A fingerprint of the trust-relevant part of a repository's settings (null: it has none). */
export function trustFingerprint(projectSettings: Record<string, unknown> | null): string {
  const present = TRUST_KEYS.filter((key) => ALWAYS_FINGERPRINTED.has(key) || projectSettings?.[key] !== undefined);
  const relevant = Object.fromEntries(present.map((key) => [key, projectSettings?.[key] ?? null]));
  return `sha256:${createHash('sha256').update(canonicalJson(relevant)).digest('hex')}`;
}

/** The trust records in the user settings (malformed entries ignored). */
export function trustRecords(userSettings: Record<string, unknown> | null): TrustRecord[] {
  const list = userSettings?.[TRUSTED_REPOSITORIES_KEY];
  if (!Array.isArray(list)) return [];
  return list.filter(
    (r): r is TrustRecord =>
      Boolean(r) && typeof r === 'object' && typeof (r as TrustRecord).path === 'string' && typeof (r as TrustRecord).fingerprint === 'string',
  );
}

/** Whether the repository at `root` (a canonical path) is trusted with the settings it has now. */
export function trustState(userSettings: Record<string, unknown> | null, root: string, projectSettings: Record<string, unknown> | null): TrustState {
  const record = trustRecords(userSettings).find((r) => r.path === root);
  if (record) return record.fingerprint === trustFingerprint(projectSettings) ? { trusted: true } : { trusted: false, why: 'changed' };
  const legacy = userSettings?.[LEGACY_TRUSTED_KEY];
  if (Array.isArray(legacy) && legacy.includes(root)) return { trusted: false, why: 'legacy' };
  return { trusted: false, why: 'never' };
}

/** The records after trusting `root` as its settings are now (any earlier record of it replaced). */
export function withTrust(userSettings: Record<string, unknown> | null, root: string, projectSettings: Record<string, unknown> | null): TrustRecord[] {
  return [...trustRecords(userSettings).filter((r) => r.path !== root), { path: root, fingerprint: trustFingerprint(projectSettings) }];
}

/** What a session says (once) about a repository whose programs it did not start. */
export function untrustedMessage(state: TrustState, file: string, what: string): string {
  if (state.trusted) return '';
  if (state.why === 'changed') {
    return `${file} changed since you trusted this repository, so ${what} were not started. Check the file, then run \`wsagent trust\` in it to trust it as it is now.`;
  }
  if (state.why === 'legacy') {
    return `${file} names ${what} that were not started: this repository was trusted before wsagent recorded what was trusted. Check the file, then run \`wsagent trust\` in it again.`;
  }
  return `${file} names ${what} that were not started: this repository is not trusted. Run \`wsagent trust\` (or \`wsagent mcp trust\`) in it to allow them.`;
}
