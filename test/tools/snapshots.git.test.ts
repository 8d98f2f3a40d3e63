// Undo with git snapshots, on real temporary repositories: byte-for-byte restores across turns,
// and the user's HEAD, branch, index, stash and ignored files left exactly as they were.
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkspaceSnapshots, deleteSessionSnapshots, GitSnapshots, snapshotSessions, type WorkspaceSnapshots } from '../../src/tools/snapshots/index.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function tempDir(): Promise<string> {
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'wsagent-snaptest-')));
  cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
  return dir;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
}

function gitBuf(cwd: string, ...args: string[]): Buffer {
  return execFileSync('git', args, { cwd, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
}

async function initRepo(): Promise<string> {
  const dir = await tempDir();
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Test User');
  git(dir, 'config', 'user.email', 'test@example.com');
  git(dir, 'config', 'commit.gpgsign', 'false');
  git(dir, 'config', 'core.autocrlf', 'false');
  return dir;
}

async function write(root: string, rel: string, data: string | Buffer, mode?: number): Promise<void> {
  const abs = path.join(root, rel);
  await fs.mkdir(path.dirname(abs), { recursive: true });
  await fs.writeFile(abs, data);
  if (mode !== undefined) await fs.chmod(abs, mode);
}

async function snapshots(root: string): Promise<WorkspaceSnapshots> {
  const s = await createWorkspaceSnapshots(root);
  cleanups.unshift(() => s.dispose());
  return s;
}

interface FileState {
  data: Buffer;
  exec: boolean;
}

/** Every file under root except .git, with bytes and executable bit; directories listed too. */
async function readTree(root: string): Promise<{ files: Map<string, FileState>; dirs: Set<string> }> {
  const files = new Map<string, FileState>();
  const dirs = new Set<string>();
  async function walk(rel: string): Promise<void> {
    for (const d of await fs.readdir(path.join(root, rel), { withFileTypes: true })) {
      const r = rel === '' ? d.name : `${rel}/${d.name}`;
      if (d.isDirectory()) {
        if (d.name === '.git') continue;
        dirs.add(r);
        await walk(r);
      } else {
        const st = await fs.lstat(path.join(root, r));
        files.set(r, { data: await fs.readFile(path.join(root, r)), exec: (st.mode & 0o100) !== 0 });
      }
    }
  }
  await walk('');
  return { files, dirs };
}

function expectSameTree(actual: Awaited<ReturnType<typeof readTree>>, expected: Awaited<ReturnType<typeof readTree>>, except: string[] = []): void {
  const keep = (p: string) => !except.includes(p);
  expect([...actual.files.keys()].filter(keep).sort()).toEqual([...expected.files.keys()].filter(keep).sort());
  expect([...actual.dirs].sort()).toEqual([...expected.dirs].sort());
  for (const [p, want] of expected.files) {
    if (!keep(p)) continue;
    const got = actual.files.get(p)!;
    expect(Buffer.compare(got.data, want.data), `bytes of ${p}`).toBe(0);
    expect(got.exec, `executable bit of ${p}`).toBe(want.exec);
  }
}

/** Everything about the repository the user could notice, apart from the working tree. */
function repoState(dir: string): Record<string, string> {
  const state: Record<string, string> = {
    head: git(dir, 'rev-parse', '--verify', '-q', 'HEAD').trim(),
    branch: git(dir, 'symbolic-ref', 'HEAD').trim(),
    indexEntries: git(dir, 'ls-files', '--stage', '-z'),
    cached: gitBuf(dir, 'diff', '--cached', '--binary').toString('base64'),
    stash: git(dir, 'stash', 'list'),
    branches: git(dir, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads', 'refs/tags', 'refs/stash'),
    config: git(dir, 'config', '--local', '--list'),
  };
  return state;
}

const BINARY = Buffer.from([0, 1, 2, 255, 254, 0, 13, 10, 10, 0, 128, 27, 0]);
const CRLF = 'first line\r\nsecond line\r\n\r\nlast, no newline';

/** A committed repo with a staged change, an untracked file, an ignored file and a stash entry. */
async function populatedRepo(): Promise<string> {
  const dir = await initRepo();
  await write(dir, '.gitignore', 'ignored.log\nbuild/\n');
  await write(dir, 'a.txt', 'alpha\n');
  await write(dir, 'crlf.txt', CRLF);
  await write(dir, 'bin.dat', BINARY);
  await write(dir, 'run.sh', '#!/bin/sh\necho hi\n', 0o755);
  await write(dir, 'dir/keep.txt', 'keep\n');
  await write(dir, 'sp ace/ünï cödé.txt', 'unicode ✓\n');
  await write(dir, 'staged.txt', 'v1\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  // A stash entry, then a staged change and an unstaged one.
  await write(dir, 'a.txt', 'stashed change\n');
  git(dir, 'stash', '-q');
  await write(dir, 'staged.txt', 'v2 staged\n');
  git(dir, 'add', 'staged.txt');
  await write(dir, 'staged.txt', 'v3 in the working tree\n');
  await write(dir, 'untracked.txt', 'mine, not committed\n');
  await write(dir, 'ignored.log', 'log before\n');
  await write(dir, 'build/out.o', 'object before\n');
  return dir;
}

describe('GitSnapshots', () => {
  it('undoes two turns byte for byte and leaves HEAD, branch, index and stash alone', async () => {
    const dir = await populatedRepo();
    const s0 = await readTree(dir);
    const git0 = repoState(dir);
    const status0 = git(dir, 'status', '--porcelain=v1', '-z', '--untracked-files=all');

    const snaps = await snapshots(dir);
    expect(snaps.kind).toBe('git');

    // Turn 1: two edits, then a command that changes many things.
    await snaps.beforeChange(1, ['a.txt']);
    await write(dir, 'a.txt', 'alpha, edited in turn 1\n');
    await snaps.afterChange(1, ['a.txt']);
    await snaps.beforeChange(1, [path.join(dir, 'new/deep/file.txt')]);
    await write(dir, 'new/deep/file.txt', 'created in turn 1\n');
    await snaps.afterChange(1, [path.join(dir, 'new/deep/file.txt')]);
    await snaps.beforeChange(1, []);
    await fs.rm(path.join(dir, 'bin.dat'));
    await fs.chmod(path.join(dir, 'run.sh'), 0o644);
    await write(dir, 'crlf.txt', 'now LF only\n');
    await write(dir, 'untracked.txt', 'changed by turn 1\n');
    await write(dir, 'sp ace/nëw fïle.txt', Buffer.from([1, 2, 3, 0, 4]));
    await write(dir, 'sp ace/ünï cödé.txt', 'rewritten ✗\r\n');
    await snaps.afterChange(1, []);
    const s1 = await readTree(dir);

    // Turn 2: a command only.
    await snaps.beforeChange(2, []);
    await write(dir, 'a.txt', 'alpha, edited in turn 2\n');
    await fs.rm(path.join(dir, 'run.sh'));
    await write(dir, 'gen/out/data.bin', BINARY);
    await write(dir, 'ignored.log', 'log written in turn 2\n');
    await write(dir, 'build/new.o', 'ignored build output\n');
    await write(dir, 'staged.txt', 'v4 by the agent\n');
    await write(dir, 'crlf.txt', `${CRLF}\r\nmore\r\n`);
    await snaps.afterChange(2, []);

    expect(snaps.turns()).toEqual([1, 2]);
    expect(git(dir, 'for-each-ref', '--format=%(refname)', 'refs/wsagent').trim().split('\n')).toHaveLength(2);
    expect(repoState(dir)).toEqual(git0);

    const undo2 = await snaps.undo();
    expect(undo2).toEqual({
      turn: 2,
      restored: ['a.txt', 'crlf.txt', 'run.sh', 'staged.txt'],
      removed: ['gen/out/data.bin'],
      conflicts: [],
      warnings: ['turn 2 ran commands: what they changed in gitignored files or inside submodules is not undone (here: build, ignored.log)'],
    });
    // Ignored files are neither snapshotted nor touched.
    expectSameTree(await readTree(dir), s1, ['ignored.log', 'build/new.o']);
    expect(await fs.readFile(path.join(dir, 'ignored.log'), 'utf8')).toBe('log written in turn 2\n');
    expect(await fs.readFile(path.join(dir, 'build/new.o'), 'utf8')).toBe('ignored build output\n');
    await fs.rm(path.join(dir, 'build/new.o'));
    await write(dir, 'ignored.log', 'log before\n');
    expect(snaps.turns()).toEqual([1]);

    const undo1 = await snaps.undo();
    expect(undo1).toEqual({
      turn: 1,
      restored: ['a.txt', 'bin.dat', 'crlf.txt', 'run.sh', 'sp ace/ünï cödé.txt', 'untracked.txt'],
      removed: ['new/deep/file.txt', 'sp ace/nëw fïle.txt'],
      conflicts: [],
      warnings: ['turn 1 ran commands: what they changed in gitignored files or inside submodules is not undone (here: build, ignored.log)'],
    });
    expectSameTree(await readTree(dir), s0);
    expect((await fs.stat(path.join(dir, 'run.sh'))).mode & 0o111).not.toBe(0);

    expect(await snaps.undo()).toBeNull();
    expect(repoState(dir)).toEqual(git0);
    expect(git(dir, 'status', '--porcelain=v1', '-z', '--untracked-files=all')).toBe(status0);
    expect(git(dir, 'for-each-ref', 'refs/wsagent')).toBe('');
  });

  it('works in a repository with no commits yet, and creates no index there', async () => {
    const dir = await initRepo();
    await write(dir, 'a.txt', 'untracked a\n');
    await write(dir, 'tool.sh', 'echo\n', 0o755);
    const before = await readTree(dir);
    const git0 = { head: git(dir, 'symbolic-ref', 'HEAD'), status: git(dir, 'status', '--porcelain', '-z') };
    const snaps = await snapshots(dir);

    await snaps.beforeChange(1, []);
    await write(dir, 'a.txt', 'changed\n');
    await fs.rm(path.join(dir, 'tool.sh'));
    await write(dir, 'src/new.ts', 'export {};\n');
    await snaps.afterChange(1, []);

    expect(await snaps.undo()).toEqual({ turn: 1, restored: ['a.txt', 'tool.sh'], removed: ['src/new.ts'], conflicts: [], warnings: [] });
    expectSameTree(await readTree(dir), before);
    expect({ head: git(dir, 'symbolic-ref', 'HEAD'), status: git(dir, 'status', '--porcelain', '-z') }).toEqual(git0);
    expect(() => git(dir, 'rev-parse', '--verify', '-q', 'HEAD')).toThrow(); // still no commits
    await expect(fs.stat(path.join(dir, '.git/index'))).rejects.toThrow();
    expect(await snaps.undo()).toBeNull();
  });

  it('works with staged files and no commits, leaving the index as it was', async () => {
    const dir = await initRepo();
    await write(dir, 'staged.txt', 'staged\n');
    await write(dir, 'loose.txt', 'untracked\n');
    git(dir, 'add', 'staged.txt');
    await write(dir, 'staged.txt', 'staged, then edited\n');
    const before = await readTree(dir);
    const index0 = git(dir, 'ls-files', '--stage', '-z');
    const indexBytes0 = await fs.readFile(path.join(dir, '.git/index'));
    const snaps = await snapshots(dir);

    await snaps.beforeChange(7, ['staged.txt', 'loose.txt']);
    await write(dir, 'staged.txt', 'agent\n');
    await fs.rm(path.join(dir, 'loose.txt'));
    await snaps.afterChange(7, ['staged.txt', 'loose.txt']);
    expect(await snaps.undo()).toEqual({ turn: 7, restored: ['loose.txt', 'staged.txt'], removed: [], conflicts: [], warnings: [] });
    expectSameTree(await readTree(dir), before);
    expect(git(dir, 'ls-files', '--stage', '-z')).toBe(index0);
    expect(Buffer.compare(await fs.readFile(path.join(dir, '.git/index')), indexBytes0)).toBe(0);
  });

  it('nothing to undo is null; a turn whose calls changed nothing is skipped', async () => {
    const dir = await populatedRepo();
    const snaps = await snapshots(dir);
    expect(await snaps.undo()).toBeNull();

    await snaps.beforeChange(1, ['a.txt']);
    await write(dir, 'a.txt', 'turn 1\n');
    await snaps.afterChange(1, ['a.txt']);
    await snaps.beforeChange(2, ['dir/keep.txt']); // e.g. an edit whose match failed: nothing written
    await snaps.afterChange(2, ['dir/keep.txt']);
    const result = await snaps.undo();
    expect(result).toMatchObject({ turn: 1, restored: ['a.txt'], removed: [] });
    expect(await fs.readFile(path.join(dir, 'a.txt'), 'utf8')).toBe('alpha\n');
    expect(await snaps.undo()).toBeNull();
  });

  it('an edit-only turn restores only the paths it edited, not changes made meanwhile elsewhere', async () => {
    const dir = await populatedRepo();
    const snaps = await snapshots(dir);
    await snaps.beforeChange(1, ['a.txt', 'notes/new.md']);
    await write(dir, 'a.txt', 'agent edit\n');
    await write(dir, 'notes/new.md', '# new\n');
    await snaps.afterChange(1, ['a.txt', 'notes/new.md']);
    await write(dir, 'dir/keep.txt', 'the user typed this meanwhile\n');
    expect(await snaps.undo()).toMatchObject({ turn: 1, restored: ['a.txt'], removed: ['notes/new.md'] });
    expect(await fs.readFile(path.join(dir, 'dir/keep.txt'), 'utf8')).toBe('the user typed this meanwhile\n');
    await expect(fs.stat(path.join(dir, 'notes'))).rejects.toThrow();
  });

  it('an edit of a gitignored file is undone like any other (the path is snapshotted wherever it lives)', async () => {
    const dir = await populatedRepo();
    const snaps = await snapshots(dir);
    await snaps.beforeChange(1, ['ignored.log']);
    await write(dir, 'ignored.log', 'agent wrote\n');
    await snaps.afterChange(1, ['ignored.log']);
    const result = await snaps.undo();
    expect(result).toEqual({ turn: 1, restored: ['ignored.log'], removed: [], conflicts: [], warnings: [] });
    expect(await fs.readFile(path.join(dir, 'ignored.log'), 'utf8')).toBe('log before\n');
  });

  it('keeps exact bytes when autocrlf and text attributes would normalize line endings', async () => {
    const dir = await initRepo();
    git(dir, 'config', 'core.autocrlf', 'true');
    await write(dir, '.gitattributes', '*.txt text=auto\n*.c text eol=lf\n*.id ident\n');
    await write(dir, 'committed.txt', 'one\ntwo\n');
    await write(dir, 'x.c', 'int x;\n');
    await write(dir, 'v.id', '$Id$\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'initial');
    await write(dir, 'committed.txt', 'one\r\ntwo\r\n'); // what a checkout with autocrlf writes
    await write(dir, 'x.c', 'int x;\r\nint y;\r\n');
    await write(dir, 'mixed.txt', 'a\r\nb\nc\r\n');
    await write(dir, 'v.id', '$Id$\r\n');
    await write(dir, '"quoted" ünï\\cödé.txt', 'x\r\ny\r\n');
    const before = await readTree(dir);
    const git0 = repoState(dir);
    const snaps = await snapshots(dir);

    await snaps.beforeChange(1, []);
    await write(dir, 'committed.txt', 'one\ntwo\n');
    await write(dir, 'x.c', 'int x;\n');
    await write(dir, 'mixed.txt', 'a\nb\nc\n');
    await write(dir, 'v.id', 'changed\n');
    await write(dir, '"quoted" ünï\\cödé.txt', 'x\ny\n');
    await snaps.afterChange(1, []);

    const result = await snaps.undo();
    expect(result?.restored).toEqual(['"quoted" ünï\\cödé.txt', 'committed.txt', 'mixed.txt', 'v.id', 'x.c']);
    expectSameTree(await readTree(dir), before);
    expect(repoState(dir)).toEqual(git0);
  });

  it('restores a symlink, and a file that a turn replaced with a directory', async () => {
    const dir = await initRepo();
    await write(dir, 'target.txt', 'target\n');
    await fs.symlink('target.txt', path.join(dir, 'link'));
    await write(dir, 'thing', 'a file\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'initial');
    const snaps = await snapshots(dir);

    await snaps.beforeChange(1, []);
    await fs.rm(path.join(dir, 'link'));
    await write(dir, 'link', 'now a regular file\n');
    await fs.rm(path.join(dir, 'thing'));
    await write(dir, 'thing/inside.txt', 'now a directory\n');
    await snaps.afterChange(1, []);

    expect(await snaps.undo()).toMatchObject({ restored: ['link', 'thing'], removed: ['thing/inside.txt'], warnings: [] });
    expect(await fs.readlink(path.join(dir, 'link'))).toBe('target.txt');
    expect(await fs.readFile(path.join(dir, 'thing'), 'utf8')).toBe('a file\n');
  });

  it('a workspace in a subdirectory only snapshots and restores that subdirectory', async () => {
    const dir = await populatedRepo();
    await write(dir, 'pkg/src/index.ts', 'export const a = 1;\n');
    const ws = path.join(dir, 'pkg');
    const snaps = await snapshots(ws);
    expect(snaps.kind).toBe('git');

    await snaps.beforeChange(1, []);
    await write(ws, 'src/index.ts', 'export const a = 2;\n');
    await write(ws, 'src/extra.ts', 'export {};\n');
    await write(dir, 'a.txt', 'outside the workspace\n');
    await snaps.afterChange(1, []);

    expect(await snaps.undo()).toEqual({ turn: 1, restored: ['src/index.ts'], removed: ['src/extra.ts'], conflicts: [], warnings: [] });
    expect(await fs.readFile(path.join(ws, 'src/index.ts'), 'utf8')).toBe('export const a = 1;\n');
    expect(await fs.readFile(path.join(dir, 'a.txt'), 'utf8')).toBe('outside the workspace\n');
  });

  it('a resumed session with the same id can undo earlier turns; dispose() deletes the refs', async () => {
    const dir = await populatedRepo();
    const first = await createWorkspaceSnapshots(dir, { sessionId: 'resume-me' });
    await first.beforeChange(4, ['a.txt']);
    await write(dir, 'a.txt', 'turn 4\n');
    await first.afterChange(4, ['a.txt']);
    expect(git(dir, 'for-each-ref', '--format=%(refname)', 'refs/wsagent').trim()).toBe('refs/wsagent/snapshots/resume-me/4');

    const second = await createWorkspaceSnapshots(dir, { sessionId: 'resume-me' });
    expect(second.turns()).toEqual([4]);
    expect(await second.undo()).toMatchObject({ turn: 4, restored: ['a.txt'] });
    expect(await fs.readFile(path.join(dir, 'a.txt'), 'utf8')).toBe('alpha\n');

    // A restarted process that numbers turns from 1 again: the old snapshot of turn 1 is replaced.
    await first.beforeChange(1, ['a.txt']);
    await write(dir, 'a.txt', 'old process, turn 1\n');
    await first.afterChange(1, ['a.txt']);
    const third = await createWorkspaceSnapshots(dir, { sessionId: 'resume-me' });
    await third.beforeChange(1, ['dir/keep.txt']);
    await write(dir, 'dir/keep.txt', 'new process, turn 1\n');
    await third.afterChange(1, ['dir/keep.txt']);
    expect(await third.undo()).toMatchObject({ turn: 1, restored: ['dir/keep.txt'] });
    expect(await fs.readFile(path.join(dir, 'a.txt'), 'utf8')).toBe('old process, turn 1\n');
    await third.dispose();

    await second.beforeChange(5, []);
    await second.dispose();
    expect(git(dir, 'for-each-ref', 'refs/wsagent')).toBe('');
    await first.dispose();
  });

  it("opening a session leaves other sessions' refs alone, however old; close() keeps this session's; deleteSessionSnapshots removes one session's", async () => {
    const dir = await populatedRepo();
    const tree = git(dir, 'rev-parse', 'HEAD^{tree}').trim();
    const commitAt = (date: string) =>
      execFileSync('git', ['commit-tree', tree, '-m', 'old snapshot'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, GIT_COMMITTER_DATE: date, GIT_AUTHOR_DATE: date },
      }).trim();
    const old = commitAt(`${Math.floor(Date.now() / 1000) - 60 * 86400} +0000`);
    git(dir, 'update-ref', 'refs/wsagent/snapshots/old-session/1', old);
    git(dir, 'update-ref', 'refs/wsagent/snapshots/old-session/2', old);
    const snaps = await createWorkspaceSnapshots(dir, { sessionId: 'current' });
    await snaps.beforeChange(1, ['a.txt']);
    await snaps.close();
    const refs = () => git(dir, 'for-each-ref', '--format=%(refname)', 'refs/wsagent').trim().split('\n').filter(Boolean);
    expect(refs()).toEqual(['refs/wsagent/snapshots/current/1', 'refs/wsagent/snapshots/old-session/1', 'refs/wsagent/snapshots/old-session/2']);
    expect(await snapshotSessions(dir)).toEqual(
      new Map([
        ['current', 1],
        ['old-session', 2],
      ]),
    );
    expect(await deleteSessionSnapshots(dir, 'old-session')).toBe(2);
    expect(refs()).toEqual(['refs/wsagent/snapshots/current/1']);
    expect(await deleteSessionSnapshots(dir, 'old-session')).toBe(0);
    expect(await deleteSessionSnapshots(await tempDir(), 'current')).toBe(0);
  });

  it('concurrent beforeChange calls of one turn take one snapshot', async () => {
    const dir = await populatedRepo();
    const snaps = await snapshots(dir);
    await Promise.all([snaps.beforeChange(1, ['a.txt']), snaps.beforeChange(1, ['dir/keep.txt']), snaps.beforeChange(1, ['new.txt'])]);
    expect(git(dir, 'for-each-ref', '--format=%(refname)', 'refs/wsagent').trim().split('\n')).toHaveLength(1);
    await write(dir, 'a.txt', 'x\n');
    await write(dir, 'dir/keep.txt', 'y\n');
    await write(dir, 'new.txt', 'z\n');
    await Promise.all([snaps.afterChange(1, ['a.txt']), snaps.afterChange(1, ['dir/keep.txt']), snaps.afterChange(1, ['new.txt'])]);
    expect(await snaps.undo()).toMatchObject({ restored: ['a.txt', 'dir/keep.txt'], removed: ['new.txt'] });
  });

  it('falls back to copies when the workspace is gitignored or outside git', async () => {
    const dir = await populatedRepo();
    await fs.mkdir(path.join(dir, 'build/ws'), { recursive: true });
    expect((await snapshots(path.join(dir, 'build/ws'))).kind).toBe('copy');
    expect(await GitSnapshots.open(path.join(dir, 'build/ws'))).toBeNull();
    const plain = await tempDir();
    expect((await snapshots(plain)).kind).toBe('copy');
    await expect(createWorkspaceSnapshots(plain, { mode: 'git' })).rejects.toThrow(/not inside a git work tree/);
  });
});
