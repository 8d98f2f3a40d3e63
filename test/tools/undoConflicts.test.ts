// Undo reverts only what the turn itself changed (issue 20, points 1–3), on real temporary
// repositories: files changed after the turn are conflicts, left as they are; files created after
// it are not removed; that holds in a resumed session too. Edits of gitignored files and of files
// inside a submodule are undone; big untracked files stay out of the snapshot, with a notice.
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkspaceSnapshots, type WorkspaceSnapshots } from '../../src/tools/snapshots/index.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@t',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@t',
};
function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: GIT_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function tempDir(): Promise<string> {
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'wsagent-undoconf-')));
  cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
  return dir;
}

async function write(root: string, rel: string, data: string | Buffer): Promise<void> {
  await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
  await fs.writeFile(path.join(root, rel), data);
}

const read = (root: string, rel: string) => fs.readFile(path.join(root, rel), 'utf8');
const exists = (root: string, rel: string) =>
  fs.stat(path.join(root, rel)).then(
    () => true,
    () => false,
  );

async function repo(files: Record<string, string>): Promise<string> {
  const dir = await tempDir();
  git(dir, 'init', '-q', '-b', 'main');
  for (const [rel, data] of Object.entries(files)) await write(dir, rel, data);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

async function open(dir: string, sessionId = 'conflicts', maxUntrackedBytes?: number): Promise<WorkspaceSnapshots> {
  const s = await createWorkspaceSnapshots(dir, { sessionId, ...(maxUntrackedBytes !== undefined && { maxUntrackedBytes }) });
  cleanups.unshift(() => s.close());
  return s;
}

/** One tool call of a turn, as ToolRunner makes it: before, the change, after. */
async function call(s: WorkspaceSnapshots, turn: number, paths: string[], change: () => Promise<void>): Promise<string[]> {
  const notices = await s.beforeChange(turn, paths);
  await change();
  await s.afterChange(turn, paths);
  return notices;
}

describe('undo reverts only what the turn changed', () => {
  it('leaves files the user changed or created after the turn alone, and reports the changed ones as conflicts', async () => {
    const dir = await repo({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    const s = await open(dir);
    // Turn 1: a command writes out.txt and gen.txt; a patch edits a.txt.
    await call(s, 1, [], async () => {
      await write(dir, 'out.txt', 'generated\n');
      await write(dir, 'gen.txt', 'generated too\n');
    });
    await call(s, 1, ['a.txt'], () => write(dir, 'a.txt', 'a by the agent\n'));
    // Then the user, by hand: edits b.txt, creates mine.txt, edits a.txt and gen.txt further.
    await write(dir, 'b.txt', 'b by the user\n');
    await write(dir, 'mine.txt', 'mine\n');
    await write(dir, 'a.txt', 'a by the agent, then the user\n');
    await write(dir, 'gen.txt', 'generated, then kept by the user\n');

    expect(await s.undo()).toEqual({ turn: 1, restored: [], removed: ['out.txt'], conflicts: ['a.txt', 'gen.txt'], warnings: [] });
    expect(await read(dir, 'b.txt')).toBe('b by the user\n');
    expect(await read(dir, 'mine.txt')).toBe('mine\n');
    expect(await read(dir, 'a.txt')).toBe('a by the agent, then the user\n');
    expect(await read(dir, 'gen.txt')).toBe('generated, then kept by the user\n');
    expect(await exists(dir, 'out.txt')).toBe(false);
  });

  it('after a resume (a new process with the session id), undoing a turn that only patched a.txt touches only a.txt', async () => {
    const dir = await repo({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    const first = await open(dir, 'resumed');
    await call(first, 1, ['a.txt'], () => write(dir, 'a.txt', 'patched\n'));
    await first.close();
    // Between the sessions the user edits b.txt and creates user-new.txt.
    await write(dir, 'b.txt', 'b edited between sessions\n');
    await write(dir, 'user-new.txt', 'new between sessions\n');

    const second = await open(dir, 'resumed');
    expect(second.turns()).toEqual([1]);
    expect(await second.undo()).toEqual({ turn: 1, restored: ['a.txt'], removed: [], conflicts: [], warnings: [] });
    expect(await read(dir, 'a.txt')).toBe('a\n');
    expect(await read(dir, 'b.txt')).toBe('b edited between sessions\n');
    expect(await read(dir, 'user-new.txt')).toBe('new between sessions\n');
  });

  it('a later turn that changed the same file makes the earlier one a conflict, once the later one is undone it is not', async () => {
    const dir = await repo({ 'a.txt': 'v0\n' });
    const s = await open(dir);
    await call(s, 1, [], () => write(dir, 'a.txt', 'v1\n'));
    await call(s, 2, ['a.txt'], () => write(dir, 'a.txt', 'v2\n'));
    expect(await s.undo()).toMatchObject({ turn: 2, restored: ['a.txt'], conflicts: [] });
    expect(await s.undo()).toMatchObject({ turn: 1, restored: ['a.txt'], conflicts: [] });
    expect(await read(dir, 'a.txt')).toBe('v0\n');
  });

  it('wsagent killed while a command ran: what changed since it started is reported, not reverted', async () => {
    const dir = await repo({ 'a.txt': 'a\n' });
    const first = await open(dir, 'killed');
    await call(first, 1, ['a.txt'], () => write(dir, 'a.txt', 'edited\n'));
    await first.beforeChange(1, []); // the command starts; the process dies before it ends
    await write(dir, 'half.txt', 'written by the command or the user: unknown\n');
    const second = await open(dir, 'killed');
    expect(await second.undo()).toEqual({ turn: 1, restored: ['a.txt'], removed: [], conflicts: ['half.txt'], warnings: [] });
    expect(await read(dir, 'half.txt')).toBe('written by the command or the user: unknown\n');
  });
});

describe('outside git (copies)', () => {
  it('the same: later changes are conflicts, later files stay', async () => {
    const dir = await tempDir();
    await write(dir, 'a.txt', 'a\n');
    await write(dir, 'b.txt', 'b\n');
    const s = await createWorkspaceSnapshots(dir, { mode: 'copy' });
    cleanups.unshift(() => s.dispose());
    await call(s, 1, [], async () => {
      await write(dir, 'out.txt', 'generated\n');
      await write(dir, 'b.txt', 'b by the command\n');
    });
    await call(s, 1, ['a.txt'], () => write(dir, 'a.txt', 'a by the agent\n'));
    await write(dir, 'a.txt', 'a by the agent, then the user, longer\n');
    await write(dir, 'mine.txt', 'mine\n');
    expect(await s.undo()).toEqual({ turn: 1, restored: ['b.txt'], removed: ['out.txt'], conflicts: ['a.txt'], warnings: [] });
    expect(await read(dir, 'a.txt')).toBe('a by the agent, then the user, longer\n');
    expect(await read(dir, 'mine.txt')).toBe('mine\n');
    expect(await read(dir, 'b.txt')).toBe('b\n');
  });
});

describe('gitignored files and submodules', () => {
  it('a patch that deletes an ignored build/keep.js and edits a file inside a submodule is undone, both', async () => {
    const sub = await repo({ 'file.txt': 'sub v1\n' });
    const dir = await repo({ '.gitignore': 'build/\n', 'a.txt': 'a\n' });
    git(dir, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub, 'sub');
    git(dir, 'commit', '-q', '-m', 'submodule');
    await write(dir, 'build/keep.js', 'keep me\n');
    const s = await open(dir);
    await call(s, 1, ['build/keep.js', 'sub/file.txt'], async () => {
      await fs.rm(path.join(dir, 'build/keep.js'));
      await write(dir, 'sub/file.txt', 'sub edited by the agent\n');
    });
    expect(await s.undo()).toEqual({ turn: 1, restored: ['build/keep.js', 'sub/file.txt'], removed: [], conflicts: [], warnings: [] });
    expect(await read(dir, 'build/keep.js')).toBe('keep me\n');
    expect(await read(dir, 'sub/file.txt')).toBe('sub v1\n');
  });

  it('a command is preceded by a notice naming what git does not see, and its undo says the same', async () => {
    const dir = await repo({ '.gitignore': 'build/\n', 'a.txt': 'a\n' });
    await write(dir, 'build/keep.js', 'keep me\n');
    const s = await open(dir);
    const notices = await call(s, 1, [], async () => {
      await fs.rm(path.join(dir, 'build/keep.js'));
      await write(dir, 'a.txt', 'by the command\n');
    });
    // Said before the command runs, once per process.
    expect(notices).toEqual(['commands may change files git does not see here (build); undo cannot restore those']);
    expect(await call(s, 1, [], async () => undefined)).toEqual([]);
    const result = await s.undo();
    expect(result?.restored).toEqual(['a.txt']);
    expect(result?.warnings).toEqual(['turn 1 ran commands: what they changed in gitignored files or inside submodules is not undone (here: build)']);
  });
});

describe('big untracked files', () => {
  it('are left out of a command snapshot with a notice, and an edit-only turn never hashes them', async () => {
    const dir = await repo({ 'a.txt': 'a\n' });
    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    await write(dir, 'big.bin', big);
    const bigSha = execFileSync('git', ['hash-object', '--no-filters', 'big.bin'], { cwd: dir, encoding: 'utf8' }).trim();
    const inObjects = () => {
      try {
        git(dir, 'cat-file', '-e', bigSha);
        return true;
      } catch {
        return false;
      }
    };
    const s = await open(dir, 'big', 1024 * 1024);
    // An edit names its path: nothing else is hashed.
    expect(await call(s, 1, ['a.txt'], () => write(dir, 'a.txt', 'edited\n'))).toEqual([]);
    expect(inObjects()).toBe(false);
    // A command snapshots the working tree, without the big untracked file, and says so.
    const notices = await call(s, 2, [], () => write(dir, 'made.txt', 'by a command\n'));
    expect(notices).toEqual([
      'big.bin (3.0 MB, untracked) is not in the undo snapshot: it is over the 1.0 MB limit (setting undoMaxUntrackedMb); undo cannot bring it back if this turn changes it',
    ]);
    expect(inObjects()).toBe(false);
    expect(await s.undo()).toEqual({ turn: 2, restored: [], removed: ['made.txt'], conflicts: [], warnings: [] });
    expect((await fs.readFile(path.join(dir, 'big.bin'))).equals(big)).toBe(true);
  });
});
