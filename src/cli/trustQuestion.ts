// The TUI's one-time question when a repository brings things that only count once it is trusted
// (MCP servers, hooks, allow rules) and it is not trusted as it is now: y trusts it, exactly as
// `wsagent trust` would; n leaves them ignored (the session reports that once) and is remembered for
// this content, so the question is not asked again until the repository's settings change.
import type { AgentEvent } from '../agent/events.js';
import { findRepositoryRoot } from '../agent/instructions.js';
import type { Approver } from '../agent/ports.js';
import { TRUSTED_REPOSITORIES_KEY, trustFingerprint, trustState, withTrust } from '../config/projectTrust.js';
import { patternText } from '../config/rules/prefixRule.js';
import { trustSubject } from '../config/rules/repositoryTrust.js';
import { loadCommandRules } from '../config/rules/ruleFiles.js';
import { canonical, readProjectSettings, readUserSettings } from '../tools/mcp/mcpConfig.js';

/** The user setting holding `[{ path, fingerprint }]` of repositories the user chose not to trust, as they were then. */
export const DECLINED_TRUST_KEY = 'declinedRepositories';

interface TrustQuestion {
  root: string;
  subject: Record<string, unknown> | null;
  /** What the repository brings that trust would let count. */
  brings: string[];
}

function declined(user: Record<string, unknown> | null, root: string, fingerprint: string): boolean {
  const list = user?.[DECLINED_TRUST_KEY];
  return Array.isArray(list) && list.some((r) => r && typeof r === 'object' && r.path === root && r.fingerprint === fingerprint);
}

/** The question to ask, or null (trusted, nothing to trust, declined before, or unreadable: the session reports that itself). */
export function pendingTrustQuestion(configDir: string, cwd: string): TrustQuestion | null {
  try {
    const root = canonical(findRepositoryRoot(cwd));
    const settings = readProjectSettings(root);
    const subject = trustSubject(root, settings);
    const user = readUserSettings(configDir);
    if (trustState(user, root, subject).trusted || declined(user, root, trustFingerprint(subject))) return null;
    const brings: string[] = [];
    const servers = Object.keys((settings?.mcpServers as Record<string, unknown> | undefined) ?? {});
    if (servers.length > 0) brings.push(`MCP servers (${servers.join(', ')})`);
    const hooks = settings?.hooks;
    if (hooks && typeof hooks === 'object' && Object.keys(hooks).length > 0) brings.push(`hooks (${Object.keys(hooks).join(', ')})`);
    const allow = loadCommandRules({ configDir, repositoryRoot: root, repositoryTrusted: false }).ignored;
    if (allow.length > 0) brings.push(`command rules allowing ${allow.map((r) => `\`${patternText(r.pattern)}\``).join(', ')}`);
    return brings.length > 0 ? { root, subject, brings } : null;
  } catch {
    return null;
  }
}

/** Loaded only when the question is answered: conf costs startup time every other run would pay. */
async function record(configDir: string, trust: boolean, question: TrustQuestion): Promise<void> {
  const { openSettingsStoreIn } = await import('../config/settingsStore.js');
  const store = openSettingsStoreIn(configDir);
  if (trust) {
    store.set(TRUSTED_REPOSITORIES_KEY, withTrust(store.store, question.root, question.subject));
    return;
  }
  const earlier = Array.isArray(store.get(DECLINED_TRUST_KEY)) ? (store.get(DECLINED_TRUST_KEY) as Array<{ path?: unknown }>) : [];
  store.set(DECLINED_TRUST_KEY, [
    ...earlier.filter((r) => r?.path !== question.root),
    { path: question.root, fingerprint: trustFingerprint(question.subject) },
  ]);
}

/** Asks through the approval card (a call of its own) and records the answer; resolves when answered. */
export async function askTrustQuestion(configDir: string, cwd: string, approver: Approver, emit: (event: AgentEvent) => void): Promise<void> {
  const question = pendingTrustQuestion(configDir, cwd);
  if (!question) return;
  const callId = 'trust-repository';
  const display = `trust ${question.root}`;
  const args = { repository: question.root };
  const reason = `This repository brings ${question.brings.join(', ')}, which count only once you trust it as it is now (as \`wsagent trust\` does). y trusts it; n leaves them ignored and is not asked again until they change.`;
  emit({ type: 'tool.approval_required', callId, name: 'trust', args, display, reason, question: true });
  let trust = false;
  try {
    trust = (await approver({ callId, name: 'trust', args, display, kind: 'read' }, new AbortController().signal)).decision !== 'deny';
  } catch {
    trust = false;
  }
  try {
    await record(configDir, trust, question);
  } catch (err) {
    emit({ type: 'tool.completed', callId, name: 'trust', ok: false, output: `could not record the answer: ${(err as Error).message}`, durationMs: 0 });
    return;
  }
  emit({
    type: 'tool.completed',
    callId,
    name: 'trust',
    ok: trust,
    output: trust ? `trusted ${question.root} as it is now` : 'not trusted: what it brings is ignored (run `wsagent trust` to change your mind)',
    durationMs: 0,
  });
}
