// WorkspaceGuard: every path a tool touches is resolved here, inside the workspace root.
//
// A path from the model (relative to the root, or absolute) is resolved the way the operating
// system would resolve it, following every symlink at every level, including a dangling one at
// the end (writing through it would create its target). The result must lie inside the real
// root; otherwise the call is refused with a message the model can act on. Tools then use the
// returned real path, so what was checked is what is opened.
import { lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, parse, relative, resolve, sep } from 'node:path';

export class WorkspaceError extends Error {
  override name = 'WorkspaceError';
}

export interface ResolveOptions {
  /** The path must exist (after following symlinks). */
  mustExist?: boolean;
  /** The path will be written: refuse the workspace root itself and anything inside `.git`. */
  forWrite?: boolean;
  /** A read may also resolve inside one of the guard's read-only roots (read_file, for skills). */
  allowReadOnlyRoots?: boolean;
}

/** Symlink hops allowed while resolving one path, like the kernel's ELOOP limit. */
const MAX_LINK_HOPS = 40;

export class WorkspaceGuard {
  /** The workspace root, symlinks resolved. */
  readonly root: string;
  /** Directories outside the workspace that reads may reach, never writes (real paths). */
  readonly readOnlyRoots: readonly string[];

  constructor(root: string, readOnlyRoots: readonly string[] = []) {
    this.readOnlyRoots = readOnlyRoots;
    let real: string;
    try {
      real = realpathSync(resolve(root));
    } catch {
      throw new WorkspaceError(`workspace root ${root} does not exist`);
    }
    if (!statSync(real).isDirectory()) throw new WorkspaceError(`workspace root ${root} is not a directory`);
    this.root = real;
  }

  /** True when `abs` (already real) is the root or lies inside it. */
  contains(abs: string): boolean {
    if (abs === this.root) return true;
    const rootWithSep = this.root.endsWith(sep) ? this.root : this.root + sep;
    return abs.startsWith(rootWithSep);
  }

  /**
   * Resolves `path` (relative to the root, or absolute) to an absolute real path inside the
   * workspace. Throws a WorkspaceError whose message is written for the model.
   */
  resolve(path: string, options: ResolveOptions = {}): string {
    if (typeof path !== 'string') throw new WorkspaceError(`path must be a string (got ${typeof path})`);
    if (path.includes('\0')) throw new WorkspaceError(`path ${JSON.stringify(path)} contains a NUL character`);
    const given = path === '' ? '.' : path;
    const lexical = resolve(this.root, given);
    const real = realPath(lexical);

    const readOnly = options.allowReadOnlyRoots && !options.forWrite && !this.contains(real) && this.inReadOnlyRoot(real);
    if (readOnly) {
      if (options.mustExist && !exists(real)) throw new WorkspaceError(`path ${given} does not exist`);
      return real;
    }
    if (!this.contains(real)) {
      // Say whether the path itself points outside, or a symlink on the way does.
      if (this.contains(lexical)) {
        throw new WorkspaceError(`path ${given} resolves through a symlink to ${real}, which is outside the workspace ${this.root}`);
      }
      throw new WorkspaceError(`path ${given} is outside the workspace ${this.root}`);
    }

    if (options.forWrite) {
      if (real === this.root) throw new WorkspaceError(`path ${given} is the workspace root itself, not a file`);
      const rel = relative(this.root, real).split(sep);
      if (rel.includes('.git')) {
        throw new WorkspaceError(`path ${given} is inside a .git directory; tools do not write git internals`);
      }
    }

    if (options.mustExist && !exists(real)) {
      throw new WorkspaceError(`${this.describe(given, real)} does not exist`);
    }
    return real;
  }

  /** True when `abs` (already real) lies inside one of the read-only roots. */
  private inReadOnlyRoot(abs: string): boolean {
    return this.readOnlyRoots.some((dir) => abs === dir || abs.startsWith(dir.endsWith(sep) ? dir : dir + sep));
  }

  /** `abs` relative to the root with forward slashes, `.` for the root itself (for display). */
  relative(abs: string): string {
    const rel = relative(this.root, abs);
    if (rel === '') return '.';
    return sep === '/' ? rel : rel.split(sep).join('/');
  }

  private describe(given: string, real: string): string {
    const rel = this.relative(real);
    return rel === given || isAbsolute(given) ? `path ${given}` : `path ${given} (${rel})`;
  }
}

function exists(abs: string): boolean {
  try {
    statSync(abs);
    return true;
  } catch {
    return false;
  }
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * The path the operating system would act on for `abs`: every symlink followed, a dangling
 * final symlink resolved to its (missing) target, missing components kept as they are. Unlike
 * fs.realpath it works for paths that do not exist yet, which is what writes need.
 */
export function realPath(abs: string): string {
  const { root: fsRoot } = parse(abs);
  // Components still to resolve, in order; `..` in a symlink target is applied physically.
  const pending = abs.slice(fsRoot.length).split(sep).filter(Boolean);
  let current = realpathSync(fsRoot);
  let hops = 0;
  while (pending.length > 0) {
    const part = pending.shift() as string;
    if (part === '.') continue;
    if (part === '..') {
      current = dirname(current);
      continue;
    }
    const next = join(current, part);
    let isLink: boolean;
    try {
      isLink = lstatSync(next).isSymbolicLink();
    } catch (err) {
      if (!isMissing(err)) throw err;
      // Nothing exists from here on: no more symlinks can be involved.
      return join(next, ...pending);
    }
    if (!isLink) {
      current = next;
      continue;
    }
    if (++hops > MAX_LINK_HOPS) throw new WorkspaceError(`too many levels of symbolic links in ${abs}`);
    const target = readlinkSync(next);
    const targetParts = target.split(sep).filter(Boolean);
    pending.unshift(...targetParts);
    if (isAbsolute(target)) current = realpathSync(parse(target).root);
  }
  return current;
}
