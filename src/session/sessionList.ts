// The saved sessions of a data directory: listed newest first, found by id, prefix or `last` (the
// latest of a workspace), and the directory comparison that ties a session to its workspace.
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readSessionHeader, SessionFileError, sessionsDir } from './SessionFile.js';

/** A directory as session headers record it (symlinks resolved), for comparing workspaces. */
export function sameDirectory(a: string, b: string): boolean {
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  return real(a) === real(b);
}

export interface SessionSummary {
  id: string;
  path: string;
  modifiedAt: Date;
}

export function listSessions(configDir: string): SessionSummary[] {
  const dir = sessionsDir(configDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => {
      const path = join(dir, f);
      return { id: f.slice(0, -'.jsonl'.length), path, modifiedAt: statSync(path).mtime };
    })
    .sort((a, b) => b.modifiedAt.getTime() - a.modifiedAt.getTime() || b.id.localeCompare(a.id));
}

/**
 * Resolves `last` or an id (or a unique prefix of one) to a session file. `last` is the latest
 * session recorded in `workspace` (when given): resuming a conversation about another repository
 * here would let the model act on files it never saw. An id takes any session.
 */
export function findSession(configDir: string, idOrLast: string, workspace?: string): SessionSummary {
  const all = listSessions(configDir);
  if (all.length === 0) throw new SessionFileError(`no saved sessions in ${sessionsDir(configDir)}`);
  if (idOrLast === 'last') {
    if (workspace === undefined) return all[0]!;
    const here = all.find((s) => {
      const header = readSessionHeader(s.path);
      return header !== null && sameDirectory(header.cwd, workspace);
    });
    if (here) return here;
    throw new SessionFileError(
      `no saved session for ${workspace} (${all.length} in other directories: \`wsagent sessions\` lists them, \`--resume ID\` takes any)`,
    );
  }
  const matches = all.filter((s) => s.id === idOrLast || s.id.startsWith(idOrLast));
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new SessionFileError(`no session "${idOrLast}" (run \`wsagent sessions\` to list them)`);
  throw new SessionFileError(`"${idOrLast}" matches ${matches.length} sessions; give more of the id`);
}
