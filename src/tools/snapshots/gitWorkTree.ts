// The git plumbing undo needs: where the work tree is, hashing files as the bytes on disk (never
// through clean filters), diffing trees and reading blobs back. HEAD, the branch, the real index,
// the stash and the user's config are never touched; the only writes are objects (and, by the
// caller, its private refs). Writing the whole working tree is workingTree.ts.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run, type RunResult } from './exec.js';
import { toPosix } from './fsRestore.js';
import { SnapshotError } from './types.js';

export const ZERO_MODE = '000000';
export const GITLINK = '160000';
export const SYMLINK = '120000';

export interface DiffEntry {
  oldMode: string;
  newMode: string;
  oldSha: string;
  newSha: string;
  path: string;
}

export function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_LITERAL_PATHSPECS: '1' };
  delete env.GIT_INDEX_FILE;
  return env;
}

/** `git check-ignore` and pathspec magic (`:(exclude)`) need literal pathspecs off; their arguments are quoted as literal where it matters. */
export function magicEnv(): NodeJS.ProcessEnv {
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
    /** The user's real index (read, never written). */
    readonly indexPath: string,
    readonly autocrlf: boolean,
    /** An attributes file outside the work tree (info/attributes, core.attributesFile, system) exists. */
    readonly outsideAttributes: boolean,
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

  /** A fresh path for a temporary index file, in this process's temp directory. */
  async tempIndexPath(): Promise<string> {
    this.tmpDir ??= await fs.mkdtemp(path.join(this.tmpBase, 'wsagent-undo-'));
    return path.join(this.tmpDir, `index-${++this.counter}`);
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
