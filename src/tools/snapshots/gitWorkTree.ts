// The git plumbing undo needs, in one place: where the work tree is, writing the working tree as a
// tree object through a TEMPORARY index (never the user's), hashing files as the bytes on disk, and
// reading blobs back. HEAD, the branch, the real index, the stash and the user's config are never
// touched; the only writes are objects (and, by the caller, its private refs).
//
// Byte for byte: `git add` applies clean filters (autocrlf, text/eol attributes, ident, filter
// drivers). Files where such a conversion can apply are re-hashed with `hash-object --no-filters`
// so the snapshot stores the bytes on disk, not the normalized blob.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run, type RunResult } from './exec.js';
import { toPosix } from './fsRestore.js';
import { SnapshotError } from './types.js';

export const ZERO_MODE = '000000';
export const GITLINK = '160000';
export const SYMLINK = '120000';

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

export interface DiffEntry {
  oldMode: string;
  newMode: string;
  oldSha: string;
  newSha: string;
  path: string;
}

export interface WorkingTree {
  tree: string;
  warnings: string[];
  /** Untracked files left out because they are larger than the limit (top-relative, with their size). */
  skipped: { path: string; bytes: number }[];
}

export function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_LITERAL_PATHSPECS: '1' };
  delete env.GIT_INDEX_FILE;
  return env;
}

/** `git check-ignore` and pathspec magic (`:(exclude)`) need literal pathspecs off; their arguments are quoted as literal where it matters. */
function magicEnv(): NodeJS.ProcessEnv {
  const env = baseEnv();
  delete env.GIT_LITERAL_PATHSPECS;
  return env;
}

/** C-style quoting as `git hash-object --stdin-paths` unquotes it (handles newlines and leading quotes). */
function cQuote(p: string): string {
  return `"${p.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

export function splitZ(buf: Buffer): string[] {
  const parts = buf.toString('utf8').split('\0');
  if (parts.at(-1) === '') parts.pop();
  return parts;
}

export class GitWorkTree {
  private tmpDir: string | undefined;
  private counter = 0;

  private constructor(
    readonly top: string,
    /** Workspace root relative to the top level ('' when they are the same), posix. */
    readonly prefix: string,
    private readonly indexPath: string,
    private readonly autocrlf: boolean,
    /** An attributes file outside the work tree (info/attributes, core.attributesFile, system) exists. */
    private readonly outsideAttributes: boolean,
    readonly trustExecutable: boolean,
    private readonly tmpBase: string,
  ) {}

  /** null when realRoot is not inside a usable git work tree (or is itself gitignored). */
  static async open(realRoot: string, tmpBase = os.tmpdir()): Promise<GitWorkTree | null> {
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
      const ignored = await run('git', ['check-ignore', '-q', '--', prefix], { cwd: top, env: magicEnv(), allowFail: true });
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
    const exists = (f: string) =>
      fs.stat(f).then(
        () => true,
        () => false,
      );
    const outsideAttributes = (await Promise.all(attributeFiles.map(exists))).some(Boolean);
    return new GitWorkTree(
      top,
      prefix,
      path.resolve(top, indexRel),
      autocrlf === 'true' || autocrlf === 'input',
      outsideAttributes,
      fileMode !== 'false',
      tmpBase,
    );
  }

  /**
   * Writes the working tree (within the workspace: tracked plus untracked-not-ignored files, what
   * `git add -A` would capture) as a tree object through a temporary index. Untracked files larger
   * than maxUntrackedBytes are left out (listed in `skipped`): hashing them costs seconds and
   * their size again in .git, for files a turn rarely touches.
   */
  async writeWorkingTree(maxUntrackedBytes: number): Promise<WorkingTree> {
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
      const skipped = await this.bigUntracked(env, maxUntrackedBytes);
      const literal = (p: string) => `:(literal)${p}`;
      const add = await this.git(
        [
          ...INDEX_CONFIG,
          'add',
          '-A',
          '--ignore-errors',
          '--',
          this.prefix === '' ? '.' : literal(this.prefix),
          ...skipped.map((s) => `:(exclude,literal)${s.path}`),
        ],
        { env: { ...magicEnv(), GIT_INDEX_FILE: index }, allowFail: true },
      );
      if (add.code !== 0) {
        if (/^fatal:/m.test(add.stderr)) throw new SnapshotError(`git add failed: ${add.stderr.trim()}`);
        warnings.push(`some files could not be read for the snapshot: ${add.stderr.trim().split('\n').slice(0, 3).join('; ')}`);
      }
      await this.storeRawBytes(env, warnings);
      const tree = (await this.git([...INDEX_CONFIG, 'write-tree'], { env })).stdout.toString('utf8').trim();
      return { tree, warnings, skipped };
    } finally {
      await fs.rm(index, { force: true });
      await fs.rm(`${index}.lock`, { force: true });
    }
  }

  /** Untracked, not ignored files of the workspace over the limit (top-relative). */
  private async bigUntracked(env: NodeJS.ProcessEnv, maxBytes: number): Promise<{ path: string; bytes: number }[]> {
    if (!Number.isFinite(maxBytes)) return [];
    const listed = splitZ((await this.git([...INDEX_CONFIG, 'ls-files', '-o', '--exclude-standard', '-z', '--', this.pathspec()], { env })).stdout);
    const big: { path: string; bytes: number }[] = [];
    for (const p of listed) {
      const st = await fs.lstat(this.abs(p)).catch(() => null);
      if (st?.isFile() && st.size > maxBytes) big.push({ path: p, bytes: st.size });
    }
    return big;
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
    const shas = await this.hashFiles(
      candidates.map((f) => f.path),
      true,
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

  /** Blob ids of the bytes on disk of top-relative paths, in order (written to the object store when `write`); undefined where a file cannot be read. */
  async hashFiles(paths: string[], write: boolean, warnings: string[]): Promise<(string | undefined)[]> {
    if (paths.length === 0) return [];
    const flags = write ? ['-w'] : [];
    const batch = await this.git(['hash-object', ...flags, '--no-filters', '--stdin-paths'], {
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
      const one = await this.git(['hash-object', ...flags, '--no-filters', '--', p], { allowFail: true });
      if (one.code === 0) out.push(one.stdout.toString('utf8').trim());
      else {
        out.push(undefined);
        warnings.push(`${this.rel(p)}: could not be read for the snapshot`);
      }
    }
    return out;
  }

  /** The blob id of some bytes (a symlink's target), written to the object store when `write`. */
  async hashBytes(data: string | Buffer, write: boolean): Promise<string> {
    const flags = write ? ['-w'] : [];
    return (await this.git(['hash-object', ...flags, '--stdin'], { input: data })).stdout.toString('utf8').trim();
  }

  /** Files that differ between two trees, within the workspace. */
  async diff(from: string, to: string): Promise<DiffEntry[]> {
    const out = splitZ((await this.git(['diff-tree', '-r', '-z', '--no-renames', '--raw', from, to, '--', this.pathspec()])).stdout);
    const entries: DiffEntry[] = [];
    for (let i = 0; i + 1 < out.length; i += 2) {
      const m = /^:(\d{6}) (\d{6}) ([0-9a-f]+) ([0-9a-f]+) ([A-Z])\d*$/.exec(out[i]!);
      if (!m) throw new SnapshotError(`unexpected git diff-tree output: ${out[i]}`);
      entries.push({ oldMode: m[1]!, newMode: m[2]!, oldSha: m[3]!, newSha: m[4]!, path: out[i + 1]! });
    }
    return entries;
  }

  async readBlobs(shas: string[]): Promise<Map<string, Buffer>> {
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

  /** The top-relative paths among `paths` that git ignores. */
  async ignored(paths: string[]): Promise<Set<string>> {
    if (paths.length === 0) return new Set();
    const res = await this.git(['check-ignore', '-z', '--stdin'], { env: magicEnv(), input: paths.map((p) => `${p}\0`).join(''), allowFail: true });
    return new Set(splitZ(res.stdout));
  }

  /** What whole-tree snapshots cannot see, within the workspace: ignored files and directories (collapsed), and submodules. Top-relative. */
  async outsideTrees(): Promise<string[]> {
    const ignored = splitZ(
      (await this.git(['ls-files', '-o', '-i', '--exclude-standard', '--directory', '-z', '--', this.pathspec()], { allowFail: true })).stdout,
    ).map((p) => p.replace(/\/$/, ''));
    const gitlinks = splitZ((await this.git(['ls-files', '-s', '-z', '--', this.pathspec()], { allowFail: true })).stdout)
      .filter((r) => r.startsWith(`${GITLINK} `))
      .map((r) => r.slice(r.indexOf('\t') + 1));
    return [...gitlinks, ...ignored];
  }

  async removeTmp(): Promise<void> {
    if (this.tmpDir !== undefined) await fs.rm(this.tmpDir, { recursive: true, force: true });
    this.tmpDir = undefined;
  }

  private async tmp(): Promise<string> {
    this.tmpDir ??= await fs.mkdtemp(path.join(this.tmpBase, 'wsagent-undo-'));
    return this.tmpDir;
  }

  pathspec(): string {
    return this.prefix === '' ? '.' : this.prefix;
  }

  abs(topRel: string): string {
    return path.join(this.top, ...topRel.split('/'));
  }

  /** Workspace-relative form of a top-relative path. */
  rel(topRel: string): string {
    return this.prefix === '' ? topRel : topRel.slice(this.prefix.length + 1);
  }

  git(args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string | Buffer; allowFail?: boolean } = {}): Promise<RunResult> {
    return run('git', args, { cwd: this.top, env: opts.env ?? baseEnv(), input: opts.input, allowFail: opts.allowFail });
  }
}
