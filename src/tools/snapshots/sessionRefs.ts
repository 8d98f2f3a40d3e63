// The snapshot refs of whole sessions, for `wsagent sessions prune`: a session's refs live as long
// as the session can be resumed, so they are removed with its session file, never when another
// session opens. Each data directory keeps its refs under a namespace of its own, so pruning one
// data directory never touches the sessions (and refs) of another.
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { run, type RunResult } from './exec.js';
import { refSafeSessionId, snapshotRefRoot } from './GitSnapshots.js';

const GIT_ENV = (): NodeJS.ProcessEnv => ({ ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' });

/** The ref namespace of a data directory: a short hash of its real path. */
export function dataDirNamespace(dataDir: string): string {
  let real = resolve(dataDir);
  try {
    real = realpathSync(real);
  } catch {
    // not created yet: its resolved path names it
  }
  return `data-${createHash('sha256').update(real).digest('hex').slice(0, 12)}`;
}

/** Session ids that have snapshot refs (of one namespace) in the repository holding `root`, with their ref counts (empty outside git). */
export async function snapshotSessions(root: string, namespace?: string): Promise<Map<string, number>> {
  const sessions = new Map<string, number>();
  const refRoot = snapshotRefRoot(namespace);
  let out: RunResult;
  try {
    out = await run('git', ['for-each-ref', '--format=%(refname)', `${refRoot}/`], { cwd: root, env: GIT_ENV(), allowFail: true });
  } catch {
    return sessions; // no git, or root is gone
  }
  if (out.code !== 0) return sessions;
  for (const ref of out.stdout.toString('utf8').split('\n')) {
    const id = ref.slice(refRoot.length + 1).split('/')[0];
    if (ref.startsWith(`${refRoot}/`) && id) sessions.set(id, (sessions.get(id) ?? 0) + 1);
  }
  return sessions;
}

/** Deletes a session's snapshot refs (of one namespace) in the repository holding `root`; returns how many went. */
export async function deleteSessionSnapshots(root: string, sessionId: string, namespace?: string): Promise<number> {
  const prefix = `${snapshotRefRoot(namespace)}/${refSafeSessionId(sessionId)}/`;
  let out: RunResult;
  try {
    out = await run('git', ['for-each-ref', '--format=%(refname)', prefix], { cwd: root, env: GIT_ENV(), allowFail: true });
  } catch {
    return 0;
  }
  const refs =
    out.code === 0
      ? out.stdout
          .toString('utf8')
          .split('\n')
          .filter((r) => r.startsWith(prefix))
      : [];
  if (refs.length === 0) return 0;
  await run('git', ['update-ref', '--stdin'], { cwd: root, env: GIT_ENV(), input: refs.map((r) => `delete ${r}\n`).join('') });
  return refs.length;
}
