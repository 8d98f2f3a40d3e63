// Undo inside a git work tree. Before a turn's first change the whole working tree (tracked plus
// untracked-not-ignored files, what `git add -A` would capture) is written as a tree through a
// TEMPORARY index file and kept alive by a parentless commit under a private ref:
//   refs/wsagent/snapshots/<session>/<turn>
// HEAD, the branch, the real index, the stash and the user's config are never touched; the only
// writes are objects and those refs. undo() diffs the snapshot against the current working tree
// (again through a temporary index) and writes back what differs, byte for byte.
//
// Byte for byte: `git add` applies clean filters (autocrlf, text/eol attributes, ident, filter
// drivers). Files where such a conversion can apply are re-hashed with `hash-object --no-filters`
// so the snapshot stores the bytes on disk, not the normalized blob.
import { randomBytes } from 'node:crypto';
import { promises as fs, type Stats } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run, Serial, type RunResult } from './exec.js';
import { inScope, pruneEmptyDirs, removeCreated, restoreFile, restoreSymlink, toPosix, workspaceRelative } from './fsRestore.js';
import { SnapshotError, type SnapshotOptions, type UndoResult, type WorkspaceSnapshots } from './types.js';

export const SNAPSHOT_REF_ROOT = 'refs/wsagent/snapshots';
const ZERO_MODE = '000000';
const GITLINK = '160000';
const SYMLINK = '120000';

/** Config for every command that reads or writes our temporary index. */
const INDEX_CONFIG = [
  '-c',
  'core.splitIndex=false',
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.ignoreStat=false',
  '-c',
  'core.autocrlf=false',
  '-c',
  'core.safecrlf=false',
  '-c',
  'advice.addEmbeddedRepo=false',
];

const IDENTITY = {
  GIT_AUTHOR_NAME: 'wsagent',
  GIT_AUTHOR_EMAIL: 'wsagent@localhost',
  GIT_COMMITTER_NAME: 'wsagent',
  GIT_COMMITTER_EMAIL: 'wsagent@localhost',
};

interface TurnSnapshot {
  turn: number;
  ref: string;
  commit: string;
  tree?: string;
  /** What undo considers: top-relative paths (and everything under them), or everything. */
  scope: Set<string> | 'all';
  takenAt: number;
  warnings: string[];
  /** Found in the repository at open (an earlier process with this session id). */
  loaded?: boolean;
}

interface DiffEntry {
  oldMode: string;
  newMode: string;
  oldSha: string;
  path: string;
}

export function newSessionId(): string {
  return `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** Makes a string safe as one ref-name component. */
export function refSafeSessionId(id: string): string {
  const cleaned = id.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return cleaned === '' ? newSessionId() : cleaned.slice(0, 80);
}

function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_LITERAL_PATHSPECS: '1' };
  delete env.GIT_INDEX_FILE;
  return env;
}

/** `git check-ignore` refuses literal pathspec magic; its arguments are paths anyway. */
function checkIgnoreEnv(): NodeJS.ProcessEnv {
  const env = baseEnv();
  delete env.GIT_LITERAL_PATHSPECS;
  return env;
}

/** C-style quoting as `git hash-object --stdin-paths` unquotes it (handles newlines and leading quotes). */
function cQuote(p: string): string {
  return `"${p.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

function splitZ(buf: Buffer): string[] {
  const parts = buf.toString('utf8').split('\0');
  if (parts.at(-1) === '') parts.pop();
  return parts;
}

export class GitSnapshots implements WorkspaceSnapshots {
  readonly kind = 'git' as const;
  readonly sessionId: string;
  private readonly roots: string[];
  private readonly realRoot: string;
  private readonly top: string;
  /** Workspace root relative to the top level ('' when they are the same), posix. */
  private readonly prefix: string;
  private readonly indexPath: string;
  private readonly autocrlf: boolean;
  /** An attributes file outside the work tree (info/attributes, core.attributesFile, system) exists. */
  private readonly outsideAttributes: boolean;
  private readonly trustExecutable: boolean;
  private readonly tmpBase: string;
  private readonly turnRecords = new Map<number, TurnSnapshot>();
  private readonly serial = new Serial();
  private tmpDir: string | undefined;
  private counter = 0;

  private constructor(init: {
    roots: string[];
    realRoot: string;
    top: string;
    prefix: string;
    indexPath: string;
    autocrlf: boolean;
    outsideAttributes: boolean;
    trustExecutable: boolean;
    sessionId: string;
    tmpBase: string;
  }) {
    this.roots = init.roots;
    this.realRoot = init.realRoot;
    this.top = init.top;
    this.prefix = init.prefix;
    this.indexPath = init.indexPath;
    this.autocrlf = init.autocrlf;
    this.outsideAttributes = init.outsideAttributes;
    this.trustExecutable = init.trustExecutable;
    this.sessionId = init.sessionId;
    this.tmpBase = init.tmpBase;
  }

  /** null when root is not inside a usable git work tree (or is itself gitignored). */
  static async open(root: string, options: SnapshotOptions = {}): Promise<GitSnapshots | null> {
    const rootAbs = path.resolve(root);
    const realRoot = await fs.realpath(rootAbs);
    const env = baseEnv();
    let topOut: RunResult;
    try {
      topOut = await run('git', ['rev-parse', '--show-toplevel'], { cwd: realRoot, env, allowFail: true });
    } catch {
      return null; // git is not installed
    }
    const topLine = topOut.stdout.toString('utf8').trim();
    if (topOut.code !== 0 || topLine === '') return null;
    const top = await fs.realpath(topLine);
    const relRoot = path.relative(top, realRoot);
    if (relRoot.startsWith('..') || path.isAbsolute(relRoot)) return null;
    const prefix = toPosix(relRoot);
    if (prefix !== '') {
      const ignored = await run('git', ['check-ignore', '-q', '--', prefix], { cwd: top, env: checkIgnoreEnv(), allowFail: true });
      if (ignored.code === 0) return null; // the workspace itself is ignored: git would see nothing
    }
    // Honours an inherited GIT_INDEX_FILE: that is the user's real index.
    const indexRel = (await run('git', ['rev-parse', '--git-path', 'index'], { cwd: top, env: process.env })).stdout.toString('utf8').trim();
    const autocrlf = (await run('git', ['config', '--get', 'core.autocrlf'], { cwd: top, env, allowFail: true })).stdout.toString('utf8').trim().toLowerCase();
    const fileMode = (await run('git', ['config', '--bool', '--get', 'core.filemode'], { cwd: top, env, allowFail: true })).stdout.toString('utf8').trim();
    const infoAttributes = (await run('git', ['rev-parse', '--git-path', 'info/attributes'], { cwd: top, env })).stdout.toString('utf8').trim();
    const userAttributes = (await run('git', ['config', '--path', '--get', 'core.attributesFile'], { cwd: top, env, allowFail: true })).stdout
      .toString('utf8')
      .trim();
    const xdg = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
    const attributeFiles = [
      path.resolve(top, infoAttributes),
      userAttributes !== '' ? path.resolve(top, userAttributes) : path.join(xdg, 'git', 'attributes'),
      ...(process.env.GIT_ATTR_NOSYSTEM ? [] : ['/etc/gitattributes', '/usr/local/etc/gitattributes', '/opt/homebrew/etc/gitattributes']),
    ];
    const outsideAttributes = (
      await Promise.all(
        attributeFiles.map((f) =>
          fs.stat(f).then(
            () => true,
            () => false,
          ),
        ),
      )
    ).some(Boolean);
    const snapshots = new GitSnapshots({
      roots: rootAbs === realRoot ? [realRoot] : [rootAbs, realRoot],
      realRoot,
      top,
      prefix,
      indexPath: path.resolve(top, indexRel),
      autocrlf: autocrlf === 'true' || autocrlf === 'input',
      outsideAttributes,
      trustExecutable: fileMode !== 'false',
      sessionId: refSafeSessionId(options.sessionId ?? newSessionId()),
      tmpBase: options.tmpDir ?? os.tmpdir(),
    });
    await snapshots.load();
    return snapshots;
  }

  get refPrefix(): string {
    return `${SNAPSHOT_REF_ROOT}/${this.sessionId}/`;
  }

  /** Oldest first, by when the snapshot was taken (then by turn number). */
  turns(): number[] {
    return [...this.turnRecords.values()].sort((a, b) => a.takenAt - b.takenAt || a.turn - b.turn).map((t) => t.turn);
  }

  beforeChange(turn: number, paths: string[]): Promise<void> {
    return this.serial.run(async () => {
      const scope = await this.scopeOf(paths);
      let snap = this.turnRecords.get(turn);
      // A turn number reused after a restart gets a fresh snapshot (update-ref replaces the old one).
      if (snap?.loaded) snap = undefined;
      if (snap === undefined) {
        const takenAt = Date.now();
        const { tree, warnings } = await this.writeWorkingTree();
        const commit = (
          await this.git(['commit-tree', tree, '-m', `wsagent snapshot: session ${this.sessionId}, before turn ${turn}`], {
            env: { ...baseEnv(), ...IDENTITY },
          })
        ).stdout
          .toString('utf8')
          .trim();
        const ref = `${this.refPrefix}${turn}`;
        await this.git(['update-ref', ref, commit]);
        snap = { turn, ref, commit, tree, scope: new Set(), takenAt, warnings };
        this.turnRecords.set(turn, snap);
      }
      if (snap.scope === 'all') return;
      if (scope === 'all') snap.scope = 'all';
      else for (const p of scope) snap.scope.add(p);
    });
  }

  undo(): Promise<UndoResult | null> {
    return this.serial.run(async () => {
      for (;;) {
        const turn = this.turns().at(-1);
        if (turn === undefined) return null;
        const snap = this.turnRecords.get(turn)!;
        const result = await this.undoTurn(snap);
        await this.drop(snap);
        if (result !== null) return result;
        // The turn's calls changed nothing (e.g. a failed edit): go one turn further back.
      }
    });
  }

  dispose(): Promise<void> {
    return this.serial.run(async () => {
      for (const snap of [...this.turnRecords.values()]) await this.drop(snap).catch(() => undefined);
      await this.removeTmp();
    });
  }

  /** The refs stay: the session can be resumed, and its turns undone, until `wsagent sessions prune`. */
  close(): Promise<void> {
    return this.serial.run(() => this.removeTmp());
  }

  private async removeTmp(): Promise<void> {
    if (this.tmpDir !== undefined) await fs.rm(this.tmpDir, { recursive: true, force: true });
    this.tmpDir = undefined;
  }

  // ---- snapshots ----

  private async undoTurn(snap: TurnSnapshot): Promise<UndoResult | null> {
    const snapTree = snap.tree ?? (await this.git(['rev-parse', '--verify', `${snap.commit}^{tree}`])).stdout.toString('utf8').trim();
    const { tree: current, warnings: currentWarnings } = await this.writeWorkingTree();
    const ignored = await this.ignoredScopeWarnings(snap.scope);
    const warnings = [...snap.warnings, ...currentWarnings, ...ignored];
    const changes = (await this.diff(snapTree, current)).filter((c) => inScope(snap.scope, c.path));
    if (changes.length === 0) {
      // Nothing git can see changed. A turn that only touched ignored files still counts (with its warning).
      return ignored.length === 0 ? null : { turn: snap.turn, restored: [], removed: [], warnings };
    }

    const toRemove: DiffEntry[] = [];
    const toRestore: DiffEntry[] = [];
    for (const c of changes) {
      if (c.oldMode === GITLINK || c.newMode === GITLINK) {
        warnings.push(`${this.rel(c.path)}: a nested git repository or submodule changed; undo leaves it as it is`);
      } else if (c.oldMode === ZERO_MODE) {
        toRemove.push(c);
      } else {
        toRestore.push(c);
      }
    }

    const removed: string[] = [];
    const prune: string[] = [];
    for (const c of toRemove) {
      const abs = this.abs(c.path);
      if (await removeCreated(abs, this.rel(c.path), warnings)) {
        removed.push(this.rel(c.path));
        prune.push(path.dirname(abs));
      }
    }

    const blobs = await this.readBlobs(toRestore.map((c) => c.oldSha));
    const restored: string[] = [];
    for (const c of toRestore) {
      const data = blobs.get(c.oldSha);
      const rel = this.rel(c.path);
      if (data === undefined) {
        warnings.push(`${rel}: not restored, its snapshot content is missing`);
        continue;
      }
      const abs = this.abs(c.path);
      const ok =
        c.oldMode === SYMLINK
          ? await restoreSymlink(abs, rel, data.toString('utf8'), warnings)
          : await restoreFile(abs, rel, data, { executable: c.oldMode === '100755', trustExecutable: this.trustExecutable }, warnings);
      if (ok) restored.push(rel);
    }

    // Directories left empty by the removals go too, unless they clearly existed before the turn.
    await pruneEmptyDirs(this.realRoot, prune, (_dir, st) => existedBefore(st, snap.takenAt));
    return { turn: snap.turn, restored: restored.sort(), removed: removed.sort(), warnings };
  }

  /** Writes the working tree (within the workspace) as a tree object through a temporary index. */
  private async writeWorkingTree(): Promise<{ tree: string; warnings: string[] }> {
    const warnings: string[] = [];
    const dir = await this.tmp();
    const index = path.join(dir, `index-${++this.counter}`);
    const env = { ...baseEnv(), GIT_INDEX_FILE: index };
    try {
      // Start from a copy of the real index: its stat data spares re-hashing unchanged tracked files.
      let copied = false;
      try {
        // Keep git's racy-entry detection honest: the copy gets the original's mtime. Stat first, so a
        // concurrent rewrite can only make the copy look older (more re-hashing), never newer.
        const st = await fs.stat(this.indexPath);
        await fs.copyFile(this.indexPath, index);
        await fs.utimes(index, st.atime, st.mtime);
        copied = true;
      } catch {
        copied = false;
      }
      if (!copied) {
        const head = await this.git(['rev-parse', '--verify', '-q', 'HEAD^{tree}'], { allowFail: true });
        if (head.code === 0) await this.git([...INDEX_CONFIG, 'read-tree', 'HEAD'], { env });
      } else {
        await this.clearAssumeUnchanged(env);
      }
      const add = await this.git([...INDEX_CONFIG, 'add', '-A', '--ignore-errors', '--', this.pathspec()], { env, allowFail: true });
      if (add.code !== 0) {
        if (/^fatal:/m.test(add.stderr)) throw new SnapshotError(`git add failed: ${add.stderr.trim()}`);
        warnings.push(`some files could not be read for the snapshot: ${add.stderr.trim().split('\n').slice(0, 3).join('; ')}`);
      }
      await this.storeRawBytes(env, warnings);
      const tree = (await this.git([...INDEX_CONFIG, 'write-tree'], { env })).stdout.toString('utf8').trim();
      return { tree, warnings };
    } finally {
      await fs.rm(index, { force: true });
      await fs.rm(`${index}.lock`, { force: true });
    }
  }

  /** Entries flagged assume-unchanged in the user's index would hide changes from `git add`. */
  private async clearAssumeUnchanged(env: NodeJS.ProcessEnv): Promise<void> {
    const listed = splitZ((await this.git([...INDEX_CONFIG, 'ls-files', '-v', '-z', '--', this.pathspec()], { env })).stdout);
    const flagged = listed.filter((l) => /^[a-z] /.test(l) && !l.startsWith('s ')).map((l) => l.slice(2));
    if (flagged.length === 0) return;
    await this.git([...INDEX_CONFIG, 'update-index', '--no-assume-unchanged', '-z', '--stdin'], {
      env,
      input: flagged.map((p) => `${p}\0`).join(''),
    });
  }

  /** Replaces blobs that went through a clean filter (CRLF, ident, filter drivers) with the bytes on disk. */
  private async storeRawBytes(env: NodeJS.ProcessEnv, warnings: string[]): Promise<void> {
    const staged = splitZ((await this.git([...INDEX_CONFIG, 'ls-files', '-s', '-v', '-z', '--', this.pathspec()], { env })).stdout);
    const files: { mode: string; sha: string; path: string }[] = [];
    for (const rec of staged) {
      // "<tag> <mode> <sha> <stage>\t<path>"; tag S/s: skip-worktree (sparse checkout), not on disk.
      const m = /^(\S) (\d{6}) ([0-9a-f]+) (\d)\t([\s\S]*)$/.exec(rec);
      if (m && m[1] !== 'S' && m[1] !== 's' && (m[2] === '100644' || m[2] === '100755') && m[4] === '0') {
        files.push({ mode: m[2], sha: m[3]!, path: m[5]! });
      }
    }
    if (files.length === 0) return;
    // Fast path: no autocrlf and no attributes anywhere means git stored the bytes as they are.
    const hasAttributes = this.outsideAttributes || staged.some((r) => r.endsWith('\t.gitattributes') || r.endsWith('/.gitattributes'));
    if (!this.autocrlf && !hasAttributes) return;
    const attrOut = splitZ(
      (
        await this.git(['check-attr', '-z', '--stdin', 'text', 'eol', 'crlf', 'ident', 'filter', 'working-tree-encoding'], {
          env,
          input: files.map((f) => `${f.path}\0`).join(''),
        })
      ).stdout,
    );
    const attrs = new Map<string, Record<string, string>>();
    for (let i = 0; i + 2 < attrOut.length; i += 3) {
      const p = attrOut[i]!;
      const rec = attrs.get(p) ?? {};
      rec[attrOut[i + 1]!] = attrOut[i + 2]!;
      attrs.set(p, rec);
    }
    const candidates = files.filter((f) => this.mayBeConverted(attrs.get(f.path) ?? {}));
    if (candidates.length === 0) return;

    const shas = await this.hashRaw(
      candidates.map((f) => f.path),
      env,
      warnings,
    );
    let info = '';
    candidates.forEach((f, i) => {
      const sha = shas[i];
      if (sha !== undefined && sha !== f.sha) info += `${f.mode} ${sha}\t${f.path}\0`;
    });
    if (info !== '') await this.git([...INDEX_CONFIG, 'update-index', '-z', '--index-info'], { env, input: info });
  }

  private mayBeConverted(a: Record<string, string>): boolean {
    const given = (v: string | undefined) => v !== undefined && v !== 'unspecified' && v !== 'unset';
    if (given(a.ident) || given(a.filter) || given(a['working-tree-encoding'])) return true;
    if (a.text === 'unset' || a.crlf === 'unset') return false; // binary
    return this.autocrlf || given(a.text) || given(a.eol) || given(a.crlf);
  }

  /** Raw blob ids (written to the object store) for paths, in order; undefined where a file cannot be read. */
  private async hashRaw(paths: string[], env: NodeJS.ProcessEnv, warnings: string[]): Promise<(string | undefined)[]> {
    const batch = await this.git(['hash-object', '-w', '--no-filters', '--stdin-paths'], {
      env,
      input: paths.map((p) => `${cQuote(p)}\n`).join(''),
      allowFail: true,
    });
    const lines = batch.stdout
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== '');
    if (batch.code === 0 && lines.length === paths.length) return lines;
    const out: (string | undefined)[] = [];
    for (const p of paths) {
      const one = await this.git(['hash-object', '-w', '--no-filters', '--', p], { env, allowFail: true });
      if (one.code === 0) out.push(one.stdout.toString('utf8').trim());
      else {
        out.push(undefined);
        warnings.push(`${this.rel(p)}: could not be read for the snapshot`);
      }
    }
    return out;
  }

  private async diff(from: string, to: string): Promise<DiffEntry[]> {
    const out = splitZ((await this.git(['diff-tree', '-r', '-z', '--no-renames', '--raw', from, to, '--', this.pathspec()])).stdout);
    const entries: DiffEntry[] = [];
    for (let i = 0; i + 1 < out.length; i += 2) {
      const m = /^:(\d{6}) (\d{6}) ([0-9a-f]+) ([0-9a-f]+) ([A-Z])\d*$/.exec(out[i]!);
      if (!m) throw new SnapshotError(`unexpected git diff-tree output: ${out[i]}`);
      entries.push({ oldMode: m[1]!, newMode: m[2]!, oldSha: m[3]!, path: out[i + 1]! });
    }
    return entries;
  }

  private async readBlobs(shas: string[]): Promise<Map<string, Buffer>> {
    const unique = [...new Set(shas)];
    const blobs = new Map<string, Buffer>();
    if (unique.length === 0) return blobs;
    const out = (await this.git(['cat-file', '--batch'], { input: unique.map((s) => `${s}\n`).join('') })).stdout;
    let pos = 0;
    while (pos < out.length) {
      const nl = out.indexOf(0x0a, pos);
      if (nl < 0) break;
      const header = out.subarray(pos, nl).toString('utf8').split(' ');
      pos = nl + 1;
      if (header[1] === 'missing' || header.length < 3) continue;
      const size = Number(header[2]);
      blobs.set(header[0]!, Buffer.from(out.subarray(pos, pos + size)));
      pos += size + 1;
    }
    return blobs;
  }

  private async ignoredScopeWarnings(scope: Set<string> | 'all'): Promise<string[]> {
    if (scope === 'all' || scope.size === 0) return [];
    const res = await this.git(['check-ignore', '-z', '--stdin'], {
      env: checkIgnoreEnv(),
      input: [...scope].map((p) => `${p}\0`).join(''),
      allowFail: true,
    });
    return splitZ(res.stdout).map((p) => `${this.rel(p)}: gitignored, so not in the snapshot; undo leaves it as it is`);
  }

  private async scopeOf(paths: string[]): Promise<Set<string> | 'all'> {
    if (paths.length === 0) return 'all';
    const scope = new Set<string>();
    for (const p of paths) {
      const rels = new Set<string>();
      const rel = workspaceRelative(this.roots, p);
      if (rel !== null) rels.add(rel);
      // The file a symlink points to is what actually changes.
      const real = await realPathOf(path.resolve(this.roots[0]!, p));
      const realRel = real === null ? null : workspaceRelative([this.realRoot], real);
      if (realRel !== null) rels.add(realRel);
      for (const r of rels) {
        if (r === '') return 'all';
        scope.add(this.prefix === '' ? r : `${this.prefix}/${r}`);
      }
    }
    return scope;
  }

  /**
   * Loads this session's refs (a resumed session undoes the turns before it). Other sessions' refs
   * are left alone: they live as long as their session can be resumed (`wsagent sessions prune`).
   */
  private async load(): Promise<void> {
    const out = await this.git(['for-each-ref', '--format=%(refname)%00%(objectname)%00%(committerdate:unix)', this.refPrefix], {
      allowFail: true,
    });
    for (const line of out.stdout.toString('utf8').split('\n')) {
      const [ref, commit, date] = line.split('\0');
      if (!ref || !commit || !ref.startsWith(this.refPrefix)) continue;
      const turn = Number(ref.slice(this.refPrefix.length));
      if (Number.isInteger(turn)) this.turnRecords.set(turn, { turn, ref, commit, scope: 'all', takenAt: Number(date) * 1000, warnings: [], loaded: true });
    }
  }

  private async drop(snap: TurnSnapshot): Promise<void> {
    this.turnRecords.delete(snap.turn);
    await this.git(['update-ref', '-d', snap.ref, snap.commit], { allowFail: true });
  }

  private async tmp(): Promise<string> {
    this.tmpDir ??= await fs.mkdtemp(path.join(this.tmpBase, 'wsagent-undo-'));
    return this.tmpDir;
  }

  private pathspec(): string {
    return this.prefix === '' ? '.' : this.prefix;
  }

  private abs(topRel: string): string {
    return path.join(this.top, ...topRel.split('/'));
  }

  private rel(topRel: string): string {
    return this.prefix === '' ? topRel : topRel.slice(this.prefix.length + 1);
  }

  private git(args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string | Buffer; allowFail?: boolean } = {}): Promise<RunResult> {
    return run('git', args, { cwd: this.top, env: opts.env ?? baseEnv(), input: opts.input, allowFail: opts.allowFail });
  }
}

/** A directory created well before the snapshot existed before the turn: keep it even if empty. */
function existedBefore(st: Stats, takenAt: number): boolean {
  return st.birthtimeMs > 0 && takenAt > 0 && st.birthtimeMs < takenAt - 1000;
}

async function realPathOf(abs: string): Promise<string | null> {
  try {
    return await fs.realpath(abs);
  } catch {
    try {
      return path.join(await fs.realpath(path.dirname(abs)), path.basename(abs));
    } catch {
      return null;
    }
  }
}
