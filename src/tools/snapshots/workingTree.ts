// The whole working tree of the workspace as a git tree object, written through a TEMPORARY index
// (a copy of the user's, for its stat data; the user's own is never written): tracked plus
// untracked-not-ignored files, what `git add -A` would capture, big untracked files left out.
//
// Byte for byte: `git add` applies clean filters (autocrlf, text/eol attributes, ident, filter
// drivers). Files where such a conversion can apply are re-hashed with `hash-object --no-filters`
// so the tree holds the bytes on disk, not the normalized blob.
import { promises as fs } from 'node:fs';
import { baseEnv, type GitWorkTree, magicEnv, splitZ } from './gitWorkTree.js';
import { SnapshotError } from './types.js';

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

export interface WorkingTree {
  tree: string;
  warnings: string[];
  /** Untracked files left out because they are larger than the limit (top-relative, with their size). */
  skipped: { path: string; bytes: number }[];
}

/**
 * Writes the working tree (within the workspace: tracked plus untracked-not-ignored files, what
 * `git add -A` would capture) as a tree object through a temporary index. Untracked files larger
 * than maxUntrackedBytes are left out (listed in `skipped`): hashing them costs seconds and
 * their size again in .git, for files a turn rarely touches.
 */
export async function writeWorkingTree(repo: GitWorkTree, maxUntrackedBytes: number): Promise<WorkingTree> {
  const warnings: string[] = [];
  const index = await repo.tempIndexPath();
  const env = { ...baseEnv(), GIT_INDEX_FILE: index };
  try {
    // Start from a copy of the real index: its stat data spares re-hashing unchanged tracked files.
    let copied = false;
    try {
      // Keep git's racy-entry detection honest: the copy gets the original's mtime. Stat first, so a
      // concurrent rewrite can only make the copy look older (more re-hashing), never newer.
      const st = await fs.stat(repo.indexPath);
      await fs.copyFile(repo.indexPath, index);
      await fs.utimes(index, st.atime, st.mtime);
      copied = true;
    } catch {
      copied = false;
    }
    if (!copied) {
      const head = await repo.git(['rev-parse', '--verify', '-q', 'HEAD^{tree}'], { allowFail: true });
      if (head.code === 0) await repo.git([...INDEX_CONFIG, 'read-tree', 'HEAD'], { env });
    }
    // Independent: which entries are flagged, and which untracked files are big (the flags do not change what is untracked).
    const [, skipped] = await Promise.all([copied ? clearAssumeUnchanged(repo, env) : undefined, bigUntracked(repo, env, maxUntrackedBytes)]);
    const literal = (p: string) => `:(literal)${p}`;
    const add = await repo.git(
      [
        ...INDEX_CONFIG,
        'add',
        '-A',
        '--ignore-errors',
        '--',
        repo.prefix === '' ? '.' : literal(repo.prefix),
        ...skipped.map((s) => `:(exclude,literal)${s.path}`),
      ],
      { env: { ...magicEnv(), GIT_INDEX_FILE: index }, allowFail: true },
    );
    if (add.code !== 0) {
      if (/^fatal:/m.test(add.stderr)) throw new SnapshotError(`git add failed: ${add.stderr.trim()}`);
      warnings.push(`some files could not be read for the snapshot: ${add.stderr.trim().split('\n').slice(0, 3).join('; ')}`);
    }
    await storeRawBytes(repo, env, warnings);
    const tree = (await repo.git([...INDEX_CONFIG, 'write-tree'], { env })).stdout.toString('utf8').trim();
    return { tree, warnings, skipped };
  } finally {
    await fs.rm(index, { force: true });
    await fs.rm(`${index}.lock`, { force: true });
  }
}

/** Untracked, not ignored files of the workspace over the limit (top-relative). */
async function bigUntracked(repo: GitWorkTree, env: NodeJS.ProcessEnv, maxBytes: number): Promise<{ path: string; bytes: number }[]> {
  if (!Number.isFinite(maxBytes)) return [];
  const listed = splitZ((await repo.git([...INDEX_CONFIG, 'ls-files', '-o', '--exclude-standard', '-z', '--', repo.pathspec()], { env })).stdout);
  const big: { path: string; bytes: number }[] = [];
  for (const p of listed) {
    const st = await fs.lstat(repo.abs(p)).catch(() => null);
    if (st?.isFile() && st.size > maxBytes) big.push({ path: p, bytes: st.size });
  }
  return big;
}

/** Entries flagged assume-unchanged in the user's index would hide changes from `git add`. */
async function clearAssumeUnchanged(repo: GitWorkTree, env: NodeJS.ProcessEnv): Promise<void> {
  const listed = splitZ((await repo.git([...INDEX_CONFIG, 'ls-files', '-v', '-z', '--', repo.pathspec()], { env })).stdout);
  const flagged = listed.filter((l) => /^[a-z] /.test(l) && !l.startsWith('s ')).map((l) => l.slice(2));
  if (flagged.length === 0) return;
  await repo.git([...INDEX_CONFIG, 'update-index', '--no-assume-unchanged', '-z', '--stdin'], {
    env,
    input: flagged.map((p) => `${p}\0`).join(''),
  });
}

/** Replaces blobs that went through a clean filter (CRLF, ident, filter drivers) with the bytes on disk. */
async function storeRawBytes(repo: GitWorkTree, env: NodeJS.ProcessEnv, warnings: string[]): Promise<void> {
  const staged = splitZ((await repo.git([...INDEX_CONFIG, 'ls-files', '-s', '-v', '-z', '--', repo.pathspec()], { env })).stdout);
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
  const hasAttributes = repo.outsideAttributes || staged.some((r) => r.endsWith('\t.gitattributes') || r.endsWith('/.gitattributes'));
  if (!repo.autocrlf && !hasAttributes) return;
  const attrOut = splitZ(
    (
      await repo.git(['check-attr', '-z', '--stdin', 'text', 'eol', 'crlf', 'ident', 'filter', 'working-tree-encoding'], {
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
  const candidates = files.filter((f) => mayBeConverted(repo, attrs.get(f.path) ?? {}));
  if (candidates.length === 0) return;
  const shas = await repo.hashFiles(
    candidates.map((f) => f.path),
    true,
    warnings,
  );
  let info = '';
  candidates.forEach((f, i) => {
    const sha = shas[i];
    if (sha !== undefined && sha !== f.sha) info += `${f.mode} ${sha}\t${f.path}\0`;
  });
  if (info !== '') await repo.git([...INDEX_CONFIG, 'update-index', '-z', '--index-info'], { env, input: info });
}

function mayBeConverted(repo: GitWorkTree, a: Record<string, string>): boolean {
  const given = (v: string | undefined) => v !== undefined && v !== 'unspecified' && v !== 'unset';
  if (given(a.ident) || given(a.filter) || given(a['working-tree-encoding'])) return true;
  if (a.text === 'unset' || a.crlf === 'unset') return false; // binary
  return repo.autocrlf || given(a.text) || given(a.eol) || given(a.crlf);
}
