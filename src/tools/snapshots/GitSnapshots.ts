// Undo inside a git work tree: per turn, what each path was before the turn first touched it and
// what the turn left there (turnRecord.ts), kept under a private ref
//   refs/wsagent/snapshots/<session>/<turn>   (refs/wsagent/<data dir>/snapshots/… with a namespace)
// Edits name their paths: those paths are hashed wherever they live (gitignored files and files in
// submodules too). A command may change anything: the working tree is written as a tree before and
// after it (big untracked files left out, with a notice) and the difference is what it changed.
//
// Undo restores a path only while it still holds what the turn left there; a path changed since
// (by the user, a later turn, another session) is left alone and reported as a conflict. Files the
// turn did not touch are never looked at.
import { randomBytes } from 'node:crypto';
import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import { Serial } from './exec.js';
import { pruneEmptyDirs, removeCreated, restoreFile, restoreSymlink } from './fsRestore.js';
import { GITLINK, GitWorkTree, SYMLINK, ZERO_MODE } from './gitWorkTree.js';
import { changeScope, pathStates } from './pathStates.js';
import { writeWorkingTree } from './workingTree.js';
import { loadTurn, type PathState, saveTurn, sameState, type TurnRecord } from './turnRecord.js';
import type { SnapshotOptions, UndoResult, WorkspaceSnapshots } from './types.js';

export const SNAPSHOT_REF_ROOT = 'refs/wsagent/snapshots';
export const DEFAULT_MAX_UNTRACKED_BYTES = 10 * 1024 * 1024;

export function newSessionId(): string {
  return `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** Makes a string safe as one ref-name component. */
export function refSafeSessionId(id: string): string {
  const cleaned = id.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return cleaned === '' ? newSessionId() : cleaned.slice(0, 80);
}

/** Where the refs of a namespace (one data directory's sessions) live. */
export function snapshotRefRoot(namespace?: string): string {
  return namespace ? `refs/wsagent/${refSafeSessionId(namespace)}/snapshots` : SNAPSHOT_REF_ROOT;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

export class GitSnapshots implements WorkspaceSnapshots {
  readonly kind = 'git' as const;
  private readonly turnRecords = new Map<number, TurnRecord>();
  private readonly serial = new Serial();
  /** The notice about what commands can change unseen was given (once per process). */
  private toldOutside = false;

  private constructor(
    private readonly repo: GitWorkTree,
    private readonly roots: string[],
    private readonly realRoot: string,
    readonly sessionId: string,
    private readonly refRoot: string,
    private readonly maxUntrackedBytes: number,
  ) {}

  /** null when root is not inside a usable git work tree (or is itself gitignored). */
  static async open(root: string, options: SnapshotOptions = {}): Promise<GitSnapshots | null> {
    const rootAbs = path.resolve(root);
    const realRoot = await fs.realpath(rootAbs);
    const repo = await GitWorkTree.open(realRoot, options.tmpDir);
    if (repo === null) return null;
    const snapshots = new GitSnapshots(
      repo,
      rootAbs === realRoot ? [realRoot] : [rootAbs, realRoot],
      realRoot,
      refSafeSessionId(options.sessionId ?? newSessionId()),
      snapshotRefRoot(options.namespace),
      options.maxUntrackedBytes ?? DEFAULT_MAX_UNTRACKED_BYTES,
    );
    await snapshots.load();
    return snapshots;
  }

  get refPrefix(): string {
    return `${this.refRoot}/${this.sessionId}/`;
  }

  /** Oldest first, by when the snapshot was taken (then by turn number). */
  turns(): number[] {
    return [...this.turnRecords.values()].sort((a, b) => a.takenAt - b.takenAt || a.turn - b.turn).map((t) => t.turn);
  }

  beforeChange(turn: number, paths: string[]): Promise<string[]> {
    return this.serial.run(async () => {
      let rec = this.turnRecords.get(turn);
      // A turn number reused after a restart gets a fresh record (update-ref replaces the old one).
      if (rec === undefined || rec.loaded) {
        rec = { turn, ref: `${this.refPrefix}${turn}`, paths: new Map(), openTree: null, openCommands: 0, commands: false, takenAt: Date.now(), warnings: [] };
        this.turnRecords.set(turn, rec);
      }
      const notices: string[] = [];
      const scope = await changeScope(paths, this.roots, this.realRoot, this.repo.prefix);
      if (scope === 'all') {
        rec.commands = true;
        // Said once, before the first command: what a command may change that no snapshot sees.
        const outside = this.toldOutside ? undefined : this.repo.outsideTrees().catch(() => []);
        this.toldOutside = true;
        if (rec.openCommands++ === 0) {
          const { tree, warnings, skipped } = await writeWorkingTree(this.repo, this.maxUntrackedBytes);
          rec.openTree = tree;
          rec.warnings.push(...warnings);
          for (const s of skipped) {
            notices.push(
              `${this.repo.rel(s.path)} (${megabytes(s.bytes)}, untracked) is not in the undo snapshot: it is over the ${megabytes(this.maxUntrackedBytes)} limit (setting undoMaxUntrackedMb); undo cannot bring it back if this turn changes it`,
            );
          }
        }
        const unseen = (await outside) ?? [];
        if (unseen.length > 0) notices.unshift(`commands may change files git does not see here (${this.shortList(unseen)}); undo cannot restore those`);
      } else {
        const fresh = [...scope].filter((p) => !rec.paths.has(p));
        const states = await pathStates(this.repo, fresh, true, rec.warnings);
        for (const [i, p] of fresh.entries()) rec.paths.set(p, { before: states[i]!, after: 'unknown' });
      }
      await saveTurn(this.repo, `session ${this.sessionId}`, rec);
      return notices;
    });
  }

  afterChange(turn: number, paths: string[]): Promise<void> {
    return this.serial.run(async () => {
      const rec = this.turnRecords.get(turn);
      if (rec === undefined || rec.loaded) return;
      const scope = await changeScope(paths, this.roots, this.realRoot, this.repo.prefix);
      if (scope === 'all') {
        if (rec.openTree === null) return;
        const { tree, warnings } = await writeWorkingTree(this.repo, this.maxUntrackedBytes);
        rec.warnings.push(...warnings);
        for (const d of await this.diff(rec.openTree, tree)) {
          const after = d.newMode === ZERO_MODE ? null : { mode: d.newMode, sha: d.newSha };
          const known = rec.paths.get(d.path);
          if (known) known.after = after;
          else rec.paths.set(d.path, { before: d.oldMode === ZERO_MODE ? null : { mode: d.oldMode, sha: d.oldSha }, after });
        }
        // A command still running started from the old tree; what it changes from here is diffed against this one.
        rec.openTree = --rec.openCommands > 0 ? tree : null;
      } else {
        const mine = [...scope].filter((p) => rec.paths.has(p));
        const states = await pathStates(this.repo, mine, false, rec.warnings);
        mine.forEach((p, i) => {
          rec.paths.get(p)!.after = states[i]!;
        });
      }
      await saveTurn(this.repo, `session ${this.sessionId}`, rec);
    });
  }

  undo(): Promise<UndoResult | null> {
    return this.serial.run(async () => {
      for (;;) {
        const turn = this.turns().at(-1);
        if (turn === undefined) return null;
        const rec = this.turnRecords.get(turn)!;
        const result = await this.undoTurn(rec);
        await this.drop(rec);
        if (result !== null) return result;
        // The turn's calls changed nothing (e.g. a failed edit): go one turn further back.
      }
    });
  }

  dispose(): Promise<void> {
    return this.serial.run(async () => {
      for (const rec of [...this.turnRecords.values()]) await this.drop(rec).catch(() => undefined);
      await this.repo.removeTmp();
    });
  }

  /** The refs stay: the session can be resumed, and its turns undone, until `wsagent sessions prune`. */
  close(): Promise<void> {
    return this.serial.run(() => this.repo.removeTmp());
  }

  private async undoTurn(rec: TurnRecord): Promise<UndoResult | null> {
    const rel = (p: string) => this.repo.rel(p);
    const warnings = [...rec.warnings];
    if (rec.legacy) {
      warnings.push(`turn ${rec.turn} was recorded by an older wsagent that did not note what the turn changed; undo left every file as it is`);
      return { turn: rec.turn, restored: [], removed: [], conflicts: [], warnings };
    }
    // wsagent stopped while a command of this turn ran: what changed since it started may be the
    // command's or the user's; those paths are reported, never reverted.
    if (rec.openTree !== null) {
      const { tree } = await writeWorkingTree(this.repo, this.maxUntrackedBytes);
      for (const d of await this.diff(rec.openTree, tree)) {
        if (!rec.paths.has(d.path)) rec.paths.set(d.path, { before: d.oldMode === ZERO_MODE ? null : { mode: d.oldMode, sha: d.oldSha }, after: 'unknown' });
        else rec.paths.get(d.path)!.after = 'unknown';
      }
    }
    if (rec.commands) {
      const outside = await this.repo.outsideTrees();
      if (outside.length > 0) {
        warnings.push(
          `turn ${rec.turn} ran commands: what they changed in gitignored files or inside submodules is not undone (here: ${this.shortList(outside)})`,
        );
      }
    }
    const changed = [...rec.paths].filter(([, c]) => !sameState(c.before, c.after)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (changed.length === 0) return null;
    const conflicts: string[] = [];
    const toRestore: Array<[string, NonNullable<PathState>]> = [];
    const toRemove: string[] = [];
    // Files the turn created go first: a file the turn replaced by a directory can only come back once the directory is empty.
    const created = changed.filter(([, c]) => c.before === null);
    const existed = changed.filter(([, c]) => c.before !== null);
    const decide = (p: string, change: (typeof changed)[number][1], now: PathState): void => {
      if (sameState(now, change.before)) return; // already as before the turn
      if (!sameState(now, change.after)) {
        conflicts.push(rel(p));
        return;
      }
      if (change.before === null) toRemove.push(p);
      else if (change.before.mode === GITLINK || change.before.mode === '040000' || (change.after as PathState)?.mode === GITLINK) {
        warnings.push(`${rel(p)}: a nested git repository or submodule changed; undo leaves it as it is`);
      } else toRestore.push([p, change.before]);
    };
    const createdNow = await pathStates(
      this.repo,
      created.map(([p]) => p),
      false,
      warnings,
    );
    for (const [i, [p, change]] of created.entries()) decide(p, change, createdNow[i]!);

    const removed: string[] = [];
    const prune: string[] = [];
    for (const p of toRemove) {
      if (await removeCreated(this.repo.abs(p), rel(p), warnings)) {
        removed.push(rel(p));
        prune.push(path.dirname(this.repo.abs(p)));
      }
    }
    // Directories left empty by the removals go too, unless they clearly existed before the turn.
    await pruneEmptyDirs(this.realRoot, prune, (_dir, st) => existedBefore(st, rec.takenAt));
    const existedNow = await pathStates(
      this.repo,
      existed.map(([p]) => p),
      false,
      warnings,
    );
    for (const [i, [p, change]] of existed.entries()) decide(p, change, existedNow[i]!);
    const blobs = await this.repo.readBlobs(toRestore.map(([, s]) => s.sha));
    const restored: string[] = [];
    for (const [p, state] of toRestore) {
      const data = blobs.get(state.sha);
      if (data === undefined) {
        warnings.push(`${rel(p)}: not restored, its snapshot content is missing`);
        continue;
      }
      const abs = this.repo.abs(p);
      const ok =
        state.mode === SYMLINK
          ? await restoreSymlink(abs, rel(p), data.toString('utf8'), warnings)
          : await restoreFile(abs, rel(p), data, { executable: state.mode === '100755', trustExecutable: this.repo.trustExecutable }, warnings);
      if (ok) restored.push(rel(p));
    }
    return { turn: rec.turn, restored: restored.sort(), removed, conflicts: conflicts.sort(), warnings };
  }

  /** Up to five workspace-relative names, then how many more. */
  private shortList(topRel: string[]): string {
    return (
      topRel
        .slice(0, 5)
        .map((p) => this.repo.rel(p))
        .join(', ') + (topRel.length > 5 ? `, and ${topRel.length - 5} more` : '')
    );
  }

  /** Where git does not trust the executable bit (core.fileMode false), modes are compared without it, as stateOf reads them. */
  private async diff(from: string, to: string) {
    const entries = await this.repo.diff(from, to);
    if (this.repo.trustExecutable) return entries;
    const plain = (mode: string) => (mode === '100755' ? '100644' : mode);
    return entries.map((d) => ({ ...d, oldMode: plain(d.oldMode), newMode: plain(d.newMode) }));
  }

  /**
   * Loads this session's refs (a resumed session undoes the turns before it). Other sessions' refs
   * are left alone: they live as long as their session can be resumed (`wsagent sessions prune`).
   */
  private async load(): Promise<void> {
    const out = await this.repo.git(['for-each-ref', '--format=%(refname)%00%(committerdate:unix)', this.refPrefix], { allowFail: true });
    for (const line of out.stdout.toString('utf8').split('\n')) {
      const [ref, date] = line.split('\0');
      if (ref === undefined || !ref.startsWith(this.refPrefix)) continue;
      const turn = Number(ref.slice(this.refPrefix.length));
      if (Number.isInteger(turn)) this.turnRecords.set(turn, await loadTurn(this.repo, ref, turn, Number(date) * 1000));
    }
  }

  private async drop(rec: TurnRecord): Promise<void> {
    this.turnRecords.delete(rec.turn);
    await this.repo.git(['update-ref', '-d', rec.ref], { allowFail: true });
  }
}

/** A directory created well before the snapshot existed before the turn: keep it even if empty. */
function existedBefore(st: Stats, takenAt: number): boolean {
  return st.birthtimeMs > 0 && takenAt > 0 && st.birthtimeMs < takenAt - 1000;
}
