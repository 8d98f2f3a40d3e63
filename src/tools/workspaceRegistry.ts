// Which wsagent processes are working in a workspace, so a second one can say so at start: two
// sessions editing the same files get their edits refused when a file changed under them
// (fileVersions.ts), and the user should know why before it happens.
//
// One small file per running process under <configDir>/workspaces/<hash of the root>/, named by
// pid and holding it; removed on close and on exit. A file whose process is gone (killed, crashed)
// is stale: ignored and removed by the next process that looks.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { processAlive } from './fileLock.js';

export interface WorkspaceRegistration {
  /** Pids of the other live wsagent processes registered in this workspace. */
  readonly others: number[];
  /** Removes this process's entry (idempotent). */
  release(): void;
}

let registrations = 0;

/** Registers this process as working in `root`; never throws (a read-only config dir just means no notice). */
export function registerWorkspace(configDir: string, root: string): WorkspaceRegistration {
  const dir = join(configDir, 'workspaces', createHash('sha256').update(root).digest('hex').slice(0, 16));
  const others = new Set<number>();
  let entry: string | undefined;
  try {
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir)) {
      const pid = Number.parseInt(name, 10);
      if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) continue;
      if (processAlive(pid)) others.add(pid);
      else rmSync(join(dir, name), { force: true });
    }
    // The counter keeps two agents of one process (tests, embedders) from sharing an entry.
    entry = join(dir, `${process.pid}.${registrations++}`);
    writeFileSync(entry, `${JSON.stringify({ pid: process.pid, root, startedAt: new Date().toISOString() })}\n`);
  } catch {
    entry = undefined;
  }
  const release = (): void => {
    process.removeListener('exit', release);
    if (entry) rmSync(entry, { force: true });
    entry = undefined;
  };
  if (entry) process.on('exit', release);
  return { others: [...others].sort((a, b) => a - b), release };
}

/** The one-line notice for a workspace other wsagent processes are working in. */
export function sharedWorkspaceMessage(others: readonly number[]): string {
  const who = others.length === 1 ? `another wsagent (pid ${others[0]}) is` : `${others.length} other wsagent processes (pids ${others.join(', ')}) are`;
  return `${who} working in this workspace; edits to the same files will be refused if they change under you`;
}
