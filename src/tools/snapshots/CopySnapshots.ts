// Undo outside git: copies in a temporary directory. Before a file-changing call, each named path's
// current bytes (or "did not exist") are saved once per turn; before a command (paths []), the whole
// workspace is listed and copied (node_modules and .git skipped), up to a cap. Over the cap, undo
// after that command is partial and says so in UndoResult.warnings.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Serial } from './exec.js';
import { isCode, lstatOrNull, pruneEmptyDirs, restoreFile, restoreSymlink, toPosix, workspaceRelative } from './fsRestore.js';
import type { SnapshotOptions, UndoResult, WorkspaceSnapshots } from './types.js';

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
export const DEFAULT_MAX_FILES = 5_000;
/** Directories never walked when snapshotting the whole workspace. */
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

type Saved =
  | { kind: 'file'; store: string; mode: number; size: number }
  | { kind: 'symlink'; target: string }
  | { kind: 'absent' }
  /** Existed, but over the cap: not saved. Size and mtime tell whether it changed since. */
  | { kind: 'unsaved'; size: number; mtimeMs: number };

interface Listing {
  /** Workspace-relative directory walked ('' = the whole workspace). */
  base: string;
  /** Every directory seen under base (base included). */
  dirs: Set<string>;
  /** False when the walk stopped early: new files cannot be told apart, so none are removed. */
  complete: boolean;
}

interface CopyTurn {
  turn: number;
  dir: string;
  entries: Map<string, Saved>;
  listings: Listing[];
  /** Directories that did not exist before the turn (ancestors of new files). */
  newDirs: Set<string>;
  savedFiles: number;
  savedBytes: number;
  capped: boolean;
  warnings: string[];
  /** What the turn's calls left at each path they touched (fingerprints): a path that differs now was changed since. */
  after: Map<string, string>;
  /** A command's after-state was taken: files missing from `after` were created later, not by the turn. */
  afterWalked: boolean;
}

export class CopySnapshots implements WorkspaceSnapshots {
  readonly kind = 'copy' as const;
  private readonly root: string;
  private readonly roots: string[];
  private readonly maxBytes: number;
  private readonly maxFiles: number;
  private readonly tmpBase: string;
  private readonly turnRecords = new Map<number, CopyTurn>();
  private readonly serial = new Serial();
  private tmpDir: string | undefined;
  private counter = 0;

  private constructor(root: string, roots: string[], options: SnapshotOptions) {
    this.root = root;
    this.roots = roots;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
    this.tmpBase = options.tmpDir ?? os.tmpdir();
  }

  static async open(root: string, options: SnapshotOptions = {}): Promise<CopySnapshots> {
    const rootAbs = path.resolve(root);
    const realRoot = await fs.realpath(rootAbs);
    return new CopySnapshots(realRoot, rootAbs === realRoot ? [realRoot] : [rootAbs, realRoot], options);
  }

  turns(): number[] {
    return [...this.turnRecords.keys()].sort((a, b) => a - b);
  }

  afterChange(turn: number, paths: string[]): Promise<void> {
    return this.serial.run(async () => {
      const t = this.turnRecords.get(turn);
      if (t === undefined) return;
      const rels = paths.map((p) => workspaceRelative(this.roots, p)).filter((r): r is string => r !== null);
      if (paths.length === 0 || rels.includes('')) {
        for (const listing of t.listings) for (const rel of (await this.list(listing.base)).files) t.after.set(rel, await this.fingerprint(rel));
        for (const rel of t.entries.keys()) t.after.set(rel, await this.fingerprint(rel));
        t.afterWalked = true;
      } else {
        for (const rel of rels) t.after.set(rel, await this.fingerprint(rel));
      }
    });
  }

  /** Cheap identity of what is at rel now: a user's edit changes the size or the modification time. */
  private async fingerprint(rel: string): Promise<string> {
    const st = await lstatOrNull(this.abs(rel));
    if (st === null) return 'absent';
    if (st.isSymbolicLink()) return `link:${await fs.readlink(this.abs(rel))}`;
    if (st.isDirectory()) return 'dir';
    return `file:${st.size}:${st.mtimeMs}:${st.mode & 0o7777}`;
  }

  /** 'conflict': changed since the turn left it; 'later': not the turn's (created after it); 'turn': as the turn left it (or not known). */
  private async sinceTurn(t: CopyTurn, rel: string): Promise<'turn' | 'conflict' | 'later'> {
    const after = t.after.get(rel);
    if (after === undefined) return t.afterWalked && !t.entries.has(rel) ? 'later' : 'turn';
    return (await this.fingerprint(rel)) === after ? 'turn' : 'conflict';
  }

  beforeChange(turn: number, paths: string[]): Promise<string[]> {
    return this.serial.run(async () => {
      const t = await this.turn(turn);
      const rels: string[] = [];
      for (const p of paths) {
        const rel = workspaceRelative(this.roots, p);
        if (rel !== null) rels.push(rel);
      }
      if (paths.length === 0 || rels.includes('')) {
        await this.walk(t, '');
        return [];
      }
      for (const rel of rels) await this.record(t, rel);
      return [];
    });
  }

  undo(): Promise<UndoResult | null> {
    return this.serial.run(async () => {
      for (;;) {
        const turn = this.turns().at(-1);
        if (turn === undefined) return null;
        const t = this.turnRecords.get(turn)!;
        const result = await this.undoTurn(t);
        this.turnRecords.delete(turn);
        await fs.rm(t.dir, { recursive: true, force: true });
        if (result.restored.length > 0 || result.removed.length > 0 || result.conflicts.length > 0 || result.warnings.length > 0) return result;
        // The turn's calls changed nothing: go one turn further back.
      }
    });
  }

  /** Copies live in this process's temp directory: nothing survives for a resumed session. */
  close(): Promise<void> {
    return this.dispose();
  }

  dispose(): Promise<void> {
    return this.serial.run(async () => {
      this.turnRecords.clear();
      if (this.tmpDir !== undefined) await fs.rm(this.tmpDir, { recursive: true, force: true });
      this.tmpDir = undefined;
    });
  }

  // ---- recording ----

  private async turn(turn: number): Promise<CopyTurn> {
    let t = this.turnRecords.get(turn);
    if (t === undefined) {
      this.tmpDir ??= await fs.mkdtemp(path.join(this.tmpBase, 'wsagent-undo-'));
      const dir = path.join(this.tmpDir, `turn-${turn}-${randomBytes(3).toString('hex')}`);
      await fs.mkdir(dir, { recursive: true });
      t = {
        turn,
        dir,
        entries: new Map(),
        listings: [],
        newDirs: new Set(),
        savedFiles: 0,
        savedBytes: 0,
        capped: false,
        warnings: [],
        after: new Map(),
        afterWalked: false,
      };
      this.turnRecords.set(turn, t);
    }
    return t;
  }

  /** The listing that knows rel's state before the turn, if any. */
  private coveringListing(t: CopyTurn, rel: string): Listing | undefined {
    if (rel.split('/').some((part) => SKIPPED_DIRS.has(part))) return undefined;
    return t.listings.find((l) => l.complete && (l.base === '' || rel === l.base || rel.startsWith(`${l.base}/`)));
  }

  private async record(t: CopyTurn, rel: string): Promise<void> {
    const known = t.entries.get(rel);
    if (known?.kind === 'unsaved') {
      // Over the cap at the command, but an edit names it now: if unchanged since, save it after all.
      const st = await lstatOrNull(this.abs(rel));
      if (st?.isFile() && st.size === known.size && st.mtimeMs === known.mtimeMs) {
        t.entries.delete(rel);
        await this.save(t, rel, this.abs(rel), false);
      }
      return;
    }
    if (known !== undefined) return;
    const listing = this.coveringListing(t, rel);
    if (listing !== undefined) {
      // The walk earlier this turn saw everything under it: not seen means it did not exist.
      if (!listing.dirs.has(rel)) t.entries.set(rel, { kind: 'absent' });
      return;
    }
    const abs = this.abs(rel);
    const st = await lstatOrNull(abs);
    if (st === null) {
      t.entries.set(rel, { kind: 'absent' });
      // Ancestors that do not exist yet will be created by the change: undo removes them if left empty.
      for (let d = path.posix.dirname(rel); d !== '.' && d !== ''; d = path.posix.dirname(d)) {
        if ((await lstatOrNull(this.abs(d))) !== null) break;
        t.newDirs.add(d);
      }
    } else if (st.isDirectory()) {
      await this.walk(t, rel);
    } else {
      await this.save(t, rel, abs, false);
    }
  }

  /** Saves one existing file or symlink; over the cap (when capped) it is only noted. */
  private async save(t: CopyTurn, rel: string, abs: string, capped: boolean): Promise<void> {
    if (t.entries.has(rel)) return;
    const st = await lstatOrNull(abs);
    if (st === null) {
      t.entries.set(rel, { kind: 'absent' });
    } else if (st.isSymbolicLink()) {
      t.entries.set(rel, { kind: 'symlink', target: await fs.readlink(abs) });
    } else if (st.isFile()) {
      if (capped && (t.savedFiles + 1 > this.maxFiles || t.savedBytes + st.size > this.maxBytes)) {
        t.entries.set(rel, { kind: 'unsaved', size: st.size, mtimeMs: st.mtimeMs });
        t.capped = true;
        return;
      }
      const store = path.join(t.dir, String(++this.counter));
      await fs.copyFile(abs, store);
      t.entries.set(rel, { kind: 'file', store, mode: st.mode & 0o7777, size: st.size });
      t.savedFiles += 1;
      t.savedBytes += st.size;
    }
    // Sockets, FIFOs and devices are not files undo deals with.
  }

  /** Lists base (and saves its files, within the cap) unless an earlier walk this turn already covers it. */
  private async walk(t: CopyTurn, base: string): Promise<void> {
    if (this.coveringListing(t, base) !== undefined) return;
    const listing: Listing = { base, dirs: new Set([base]), complete: true };
    const maxListed = Math.max(this.maxFiles * 20, 100_000);
    let listed = 0;
    const stack = [base];
    while (stack.length > 0) {
      const dirRel = stack.pop()!;
      let names: import('node:fs').Dirent[];
      try {
        names = await fs.readdir(this.abs(dirRel), { withFileTypes: true });
      } catch (e) {
        if (isCode(e, 'ENOENT') || isCode(e, 'ENOTDIR')) continue;
        throw e;
      }
      for (const d of names) {
        const rel = dirRel === '' ? d.name : `${dirRel}/${d.name}`;
        if (d.isDirectory()) {
          if (SKIPPED_DIRS.has(d.name)) continue;
          listing.dirs.add(rel);
          stack.push(rel);
        } else if (d.isFile() || d.isSymbolicLink()) {
          if (d.name === '.git') continue; // a submodule's or worktree's .git file
          if (++listed > maxListed) {
            listing.complete = false;
            stack.length = 0;
            break;
          }
          await this.save(t, rel, this.abs(rel), true);
        }
      }
    }
    t.listings.push(listing);
    const where = base === '' ? 'the workspace' : base;
    if (!listing.complete) {
      t.warnings.push(`${where} has more than ${maxListed} files: files created after this point are not removed by undo`);
    }
  }

  // ---- undo ----

  private async undoTurn(t: CopyTurn): Promise<UndoResult> {
    const warnings = [...t.warnings];
    const restored: string[] = [];
    const removed: string[] = [];
    const prune: string[] = [];
    const unsavedChanged: string[] = [];
    const conflicts = new Set<string>();

    // Files that exist now but not before the turn, under complete listings.
    const created: string[] = [];
    for (const listing of t.listings) {
      if (!listing.complete) continue;
      const now = await this.list(listing.base);
      for (const rel of now.files) if (!t.entries.has(rel)) created.push(rel);
      // New directories with nothing in them (e.g. `mkdir`) go too.
      for (const rel of now.dirs) if (!listing.dirs.has(rel)) prune.push(this.abs(rel));
    }
    for (const [rel, saved] of t.entries) if (saved.kind === 'absent') created.push(rel);

    for (const rel of [...new Set(created)].sort()) {
      const abs = this.abs(rel);
      const st = await lstatOrNull(abs);
      if (st === null) continue;
      const since = await this.sinceTurn(t, rel);
      if (since === 'later') continue;
      if (since === 'conflict') {
        conflicts.add(rel);
        continue;
      }
      try {
        await fs.rm(abs, { recursive: true, force: true });
        removed.push(rel);
        prune.push(path.dirname(abs));
      } catch (e) {
        warnings.push(`${rel}: not removed (${e instanceof Error ? e.message : String(e)})`);
      }
    }

    for (const [rel, saved] of [...t.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const abs = this.abs(rel);
      if (saved.kind !== 'absent' && saved.kind !== 'unsaved' && (await this.sinceTurn(t, rel)) === 'conflict') {
        const st = await lstatOrNull(abs);
        const unchanged = saved.kind === 'file' ? await sameFile(abs, saved) : st?.isSymbolicLink() && (await fs.readlink(abs)) === saved.target;
        if (!unchanged) conflicts.add(rel);
        continue;
      }
      if (saved.kind === 'file') {
        if (await sameFile(abs, saved)) continue;
        const data = await fs.readFile(saved.store);
        if (await restoreFile(abs, rel, data, { exact: saved.mode }, warnings)) restored.push(rel);
      } else if (saved.kind === 'symlink') {
        const st = await lstatOrNull(abs);
        if (st?.isSymbolicLink() && (await fs.readlink(abs)) === saved.target) continue;
        if (await restoreSymlink(abs, rel, saved.target, warnings)) restored.push(rel);
      } else if (saved.kind === 'unsaved') {
        const st = await lstatOrNull(abs);
        if (st === null || !st.isFile() || st.size !== saved.size || st.mtimeMs !== saved.mtimeMs) unsavedChanged.push(rel);
      }
    }
    if (unsavedChanged.length > 0) {
      const shown = unsavedChanged.slice(0, 10).join(', ') + (unsavedChanged.length > 10 ? `, and ${unsavedChanged.length - 10} more` : '');
      warnings.push(`undo is partial: the workspace was over the snapshot cap, so these changed files could not be restored: ${shown}`);
    } else if (t.capped && [...t.entries.values()].some((e) => e.kind === 'unsaved')) {
      warnings.push(
        `undo may be partial: the workspace was over the snapshot cap (${this.maxFiles} files / ${Math.round(this.maxBytes / 1048576)} MB), so not every file was saved; none of the unsaved files appear changed`,
      );
    }

    await pruneEmptyDirs(this.root, prune, (dirAbs) => !this.isNewDir(t, toPosix(path.relative(this.root, dirAbs))));
    return { turn: t.turn, restored: restored.sort(), removed: removed.sort(), conflicts: [...conflicts].sort(), warnings };
  }

  private isNewDir(t: CopyTurn, rel: string): boolean {
    if (t.newDirs.has(rel)) return true;
    const listing = this.coveringListing(t, rel);
    return listing !== undefined && !listing.dirs.has(rel);
  }

  private async list(base: string): Promise<{ files: string[]; dirs: string[] }> {
    const files: string[] = [];
    const dirs: string[] = [];
    const stack = [base];
    while (stack.length > 0) {
      const dirRel = stack.pop()!;
      let names: import('node:fs').Dirent[];
      try {
        names = await fs.readdir(this.abs(dirRel), { withFileTypes: true });
      } catch {
        continue;
      }
      for (const d of names) {
        const rel = dirRel === '' ? d.name : `${dirRel}/${d.name}`;
        if (d.isDirectory()) {
          if (!SKIPPED_DIRS.has(d.name)) {
            dirs.push(rel);
            stack.push(rel);
          }
        } else if ((d.isFile() || d.isSymbolicLink()) && d.name !== '.git') {
          files.push(rel);
        }
      }
    }
    return { files, dirs };
  }

  private abs(rel: string): string {
    return rel === '' ? this.root : path.join(this.root, ...rel.split('/'));
  }
}

async function sameFile(abs: string, saved: { store: string; mode: number; size: number }): Promise<boolean> {
  const st = await lstatOrNull(abs);
  if (st === null || !st.isFile() || st.size !== saved.size || (st.mode & 0o7777) !== saved.mode) return false;
  const [now, before] = await Promise.all([fs.readFile(abs), fs.readFile(saved.store)]);
  return now.equals(before);
}
