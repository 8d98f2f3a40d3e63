// What one turn changed, path by path: the state before the turn first touched a path and the
// state after the turn's last call that touched it. Undo puts a path back only while it is still
// in its after-state; anything else was changed since (by the user, a later turn, another
// session) and is left alone as a conflict.
//
// Stored under the turn's private ref as a commit whose message holds a manifest (JSON) and whose
// flat tree holds the before-blobs (which keeps them alive as long as the ref lives); a resumed
// session reads it back.
import { baseEnv, GITLINK, type GitWorkTree } from './gitWorkTree.js';

/** A path's content: git mode and blob id (a symlink's target for 120000; a commit for a submodule), or null: not there. */
export type PathState = { mode: string; sha: string } | null;

export interface PathChange {
  before: PathState;
  /** 'unknown': the process ended while a call that may have changed the path was running. */
  after: PathState | 'unknown';
}

export interface TurnRecord {
  turn: number;
  ref: string;
  /** Top-relative path → its change. */
  paths: Map<string, PathChange>;
  /** The working tree before a command that has not finished (what it changed is found by diffing against it). */
  openTree: string | null;
  openCommands: number;
  /** A command ran in the turn: it may have changed what git does not see (ignored files, submodules). */
  commands: boolean;
  takenAt: number;
  warnings: string[];
  /** Found in the repository at open (an earlier process with this session id). */
  loaded?: boolean;
  /** An old ref without a manifest: what the turn changed cannot be told apart from later changes. */
  legacy?: boolean;
}

interface Manifest {
  v: 2;
  turn: number;
  takenAt: number;
  openTree: string | null;
  commands: boolean;
  warnings: string[];
  paths: Array<[string, PathState, PathState | 'unknown']>;
}

const IDENTITY = {
  GIT_AUTHOR_NAME: 'wsagent',
  GIT_AUTHOR_EMAIL: 'wsagent@localhost',
  GIT_COMMITTER_NAME: 'wsagent',
  GIT_COMMITTER_EMAIL: 'wsagent@localhost',
};

export function sameState(a: PathState | 'unknown', b: PathState | 'unknown'): boolean {
  if (a === 'unknown' || b === 'unknown') return false;
  if (a === null || b === null) return a === b;
  return a.mode === b.mode && a.sha === b.sha;
}

/** Writes the record under its ref (replacing what was there): the manifest is the commit message. */
export async function saveTurn(repo: GitWorkTree, sessionLabel: string, rec: TurnRecord): Promise<void> {
  const manifest: Manifest = {
    v: 2,
    turn: rec.turn,
    takenAt: rec.takenAt,
    openTree: rec.openTree,
    commands: rec.commands,
    warnings: rec.warnings,
    paths: [...rec.paths].map(([p, c]) => [p, c.before, c.after]),
  };
  // Flat entries keep the before-blobs (and the open command's tree) reachable; names are just numbers.
  let entries = '';
  let n = 0;
  for (const change of rec.paths.values()) {
    const b = change.before;
    if (b !== null && b.mode !== GITLINK && b.mode !== '040000') entries += `${b.mode === '120000' ? '120000' : '100644'} blob ${b.sha}\tb${n++}\0`;
  }
  // Nothing to keep but the open command's tree (a turn's first command): that tree itself will do.
  const tree =
    entries === ''
      ? (rec.openTree ?? EMPTY_TREE)
      : (await repo.git(['mktree', '-z'], { input: `${entries}${rec.openTree ? `040000 tree ${rec.openTree}\topen\0` : ''}` })).stdout.toString('utf8').trim();
  const message = `wsagent snapshot: ${sessionLabel}, turn ${rec.turn}\n\n${MANIFEST_MARK}${JSON.stringify(manifest)}\n`;
  const commit = (await repo.git(['commit-tree', tree, '-F', '-'], { input: message, env: { ...baseEnv(), ...IDENTITY } })).stdout.toString('utf8').trim();
  await repo.git(['update-ref', rec.ref, commit]);
}

/** Git's empty tree: every repository has it without writing it. */
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
const MANIFEST_MARK = 'wsagent-manifest: ';

/** Reads a turn back from its ref; an old-style ref (a whole-tree snapshot, no manifest) is marked legacy. */
export async function loadTurn(repo: GitWorkTree, ref: string, turn: number, takenAt: number): Promise<TurnRecord> {
  const base: TurnRecord = { turn, ref, paths: new Map(), openTree: null, openCommands: 0, commands: false, takenAt, warnings: [], loaded: true };
  const shown = await repo.git(['cat-file', 'commit', ref], { allowFail: true });
  const text = shown.code === 0 ? shown.stdout.toString('utf8') : '';
  const at = text.indexOf(`\n${MANIFEST_MARK}`);
  let manifest: Manifest | null = null;
  if (at >= 0) {
    try {
      manifest = JSON.parse(text.slice(at + 1 + MANIFEST_MARK.length).split('\n')[0]!) as Manifest;
    } catch {
      manifest = null;
    }
  }
  if (manifest?.v !== 2) return { ...base, legacy: true };
  for (const [p, before, after] of manifest.paths) base.paths.set(p, { before, after });
  return {
    ...base,
    takenAt: manifest.takenAt || takenAt,
    openTree: manifest.openTree,
    commands: manifest.commands === true,
    warnings: manifest.warnings ?? [],
  };
}
