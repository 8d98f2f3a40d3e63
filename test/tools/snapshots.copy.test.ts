// Undo outside git (copies in a temp directory): the same guarantees as the git implementation,
// plus the cap on whole-workspace snapshots before commands.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CopySnapshots, createWorkspaceSnapshots, type SnapshotOptions, type WorkspaceSnapshots } from '../../src/tools/snapshots/index.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function tempDir(): Promise<string> {
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'wsagent-copytest-')));
  cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
  return dir;
}

async function write(root: string, rel: string, data: string | Buffer, mode?: number): Promise<void> {
  const abs = path.join(root, rel);
  await fs.mkdir(path.dirname(abs), { recursive: true });
  await fs.writeFile(abs, data);
  if (mode !== undefined) await fs.chmod(abs, mode);
}

async function snapshots(root: string, options: SnapshotOptions = {}): Promise<WorkspaceSnapshots> {
  const s = await createWorkspaceSnapshots(root, options);
  cleanups.unshift(() => s.dispose());
  return s;
}

type Tree = { files: Map<string, { data: Buffer; mode: number }>; dirs: Set<string> };

async function readTree(root: string): Promise<Tree> {
  const files: Tree['files'] = new Map();
  const dirs = new Set<string>();
  async function walk(rel: string): Promise<void> {
    for (const d of await fs.readdir(path.join(root, rel), { withFileTypes: true })) {
      const r = rel === '' ? d.name : `${rel}/${d.name}`;
      if (d.isDirectory()) {
        dirs.add(r);
        await walk(r);
      } else {
        const st = await fs.lstat(path.join(root, r));
        files.set(r, { data: await fs.readFile(path.join(root, r)), mode: st.mode & 0o7777 });
      }
    }
  }
  await walk('');
  return { files, dirs };
}

function expectSameTree(actual: Tree, expected: Tree): void {
  expect([...actual.files.keys()].sort()).toEqual([...expected.files.keys()].sort());
  expect([...actual.dirs].sort()).toEqual([...expected.dirs].sort());
  for (const [p, want] of expected.files) {
    const got = actual.files.get(p)!;
    expect(Buffer.compare(got.data, want.data), `bytes of ${p}`).toBe(0);
    expect(got.mode.toString(8), `mode of ${p}`).toBe(want.mode.toString(8));
  }
}

const BINARY = Buffer.from([0, 1, 2, 255, 254, 0, 13, 10, 10, 0, 128, 27, 0]);
const CRLF = 'first line\r\nsecond line\r\n\r\nlast, no newline';

async function populatedDir(): Promise<string> {
  const dir = await tempDir();
  await write(dir, 'a.txt', 'alpha\n');
  await write(dir, 'crlf.txt', CRLF);
  await write(dir, 'bin.dat', BINARY);
  await write(dir, 'run.sh', '#!/bin/sh\necho hi\n', 0o755);
  await write(dir, 'private.key', 'secret\n', 0o600);
  await write(dir, 'dir/keep.txt', 'keep\n');
  await write(dir, 'sp ace/ünï cödé.txt', 'unicode ✓\n');
  await fs.mkdir(path.join(dir, 'empty-before'));
  return dir;
}

describe('CopySnapshots', () => {
  it('is chosen outside git', async () => {
    const dir = await tempDir();
    expect((await snapshots(dir)).kind).toBe('copy');
  });

  it('undoes two turns byte for byte (edits and commands), removing new files and their new directories', async () => {
    const dir = await populatedDir();
    const s0 = await readTree(dir);
    const snaps = await snapshots(dir);

    await snaps.beforeChange(1, ['a.txt']);
    await write(dir, 'a.txt', 'alpha, edited in turn 1\n');
    await snaps.beforeChange(1, [path.join(dir, 'new/deep/file.txt')]);
    await write(dir, 'new/deep/file.txt', 'created in turn 1\n');
    await snaps.beforeChange(1, []);
    await fs.rm(path.join(dir, 'bin.dat'));
    await fs.chmod(path.join(dir, 'run.sh'), 0o644);
    await fs.chmod(path.join(dir, 'private.key'), 0o644);
    await write(dir, 'crlf.txt', 'now LF only\n');
    await write(dir, 'sp ace/nëw fïle.txt', Buffer.from([1, 2, 3, 0, 4]));
    await write(dir, 'empty-before/inside.txt', 'in a directory that existed, empty\n');
    await fs.mkdir(path.join(dir, 'made-by-mkdir'));
    const s1 = await readTree(dir);

    await snaps.beforeChange(2, []);
    await write(dir, 'a.txt', 'alpha, edited in turn 2\n');
    await fs.rm(path.join(dir, 'run.sh'));
    await write(dir, 'gen/out/data.bin', BINARY);
    await write(dir, 'crlf.txt', `${CRLF}\r\nmore\r\n`);

    expect(snaps.turns()).toEqual([1, 2]);
    expect(await snaps.undo()).toEqual({
      turn: 2,
      restored: ['a.txt', 'crlf.txt', 'run.sh'],
      removed: ['gen/out/data.bin'],
      conflicts: [],
      warnings: [],
    });
    expectSameTree(await readTree(dir), s1);

    expect(await snaps.undo()).toEqual({
      turn: 1,
      restored: ['a.txt', 'bin.dat', 'crlf.txt', 'private.key', 'run.sh'],
      removed: ['empty-before/inside.txt', 'new/deep/file.txt', 'sp ace/nëw fïle.txt'],
      conflicts: [],
      warnings: [],
    });
    expectSameTree(await readTree(dir), s0); // empty-before/ kept, made-by-mkdir/ and new/ gone
    expect(await snaps.undo()).toBeNull();
  });

  it('an edit-only turn restores only its paths; a turn that changed nothing is skipped', async () => {
    const dir = await populatedDir();
    const snaps = await snapshots(dir);
    expect(await snaps.undo()).toBeNull();
    await snaps.beforeChange(1, ['a.txt', 'notes/new.md']);
    await write(dir, 'a.txt', 'agent\n');
    await write(dir, 'notes/new.md', '# new\n');
    await write(dir, 'dir/keep.txt', 'user typed this meanwhile\n');
    await snaps.beforeChange(2, ['dir/keep.txt']); // the edit failed: nothing written
    expect(await snaps.undo()).toEqual({ turn: 1, restored: ['a.txt'], removed: ['notes/new.md'], conflicts: [], warnings: [] });
    expect(await fs.readFile(path.join(dir, 'dir/keep.txt'), 'utf8')).toBe('user typed this meanwhile\n');
    await expect(fs.stat(path.join(dir, 'notes'))).rejects.toThrow();
    expect(await snaps.undo()).toBeNull();
  });

  it('a file created by an edit before a command in the same turn is still removed', async () => {
    const dir = await populatedDir();
    const s0 = await readTree(dir);
    const snaps = await snapshots(dir);
    await snaps.beforeChange(1, ['made.txt']);
    await write(dir, 'made.txt', 'by write_file\n');
    await snaps.beforeChange(1, []);
    await write(dir, 'made.txt', 'then changed by a command\n');
    await snaps.beforeChange(1, ['a.txt']); // after the command: its state before the turn is already known
    await write(dir, 'a.txt', 'edited last\n');
    expect(await snaps.undo()).toMatchObject({ restored: ['a.txt'], removed: ['made.txt'] });
    expectSameTree(await readTree(dir), s0);
  });

  it('skips node_modules and .git when snapshotting for a command', async () => {
    const dir = await populatedDir();
    await write(dir, 'node_modules/pkg/index.js', 'module.exports = 1;\n');
    const snaps = await snapshots(dir);
    await snaps.beforeChange(1, []);
    await write(dir, 'node_modules/pkg/index.js', 'module.exports = 2;\n');
    await write(dir, 'a.txt', 'x\n');
    expect(await snaps.undo()).toMatchObject({ restored: ['a.txt'], removed: [] });
    expect(await fs.readFile(path.join(dir, 'node_modules/pkg/index.js'), 'utf8')).toBe('module.exports = 2;\n');
  });

  it('over the cap, undo after a command is partial and says so', async () => {
    const dir = await tempDir();
    for (let i = 0; i < 6; i++) await write(dir, `f${i}.txt`, `file ${i}\n`);
    const snaps = await snapshots(dir, { maxFiles: 3 });
    await snaps.beforeChange(1, []);
    for (let i = 0; i < 6; i++) await write(dir, `f${i}.txt`, `changed ${i}, longer\n`);
    await write(dir, 'created.txt', 'new\n');
    const result = (await snaps.undo())!;
    expect(result.restored).toHaveLength(3);
    expect(result.removed).toEqual(['created.txt']);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/^undo is partial: .*over the snapshot cap.*could not be restored: /);
    const stillChanged = (await Promise.all([0, 1, 2, 3, 4, 5].map((i) => fs.readFile(path.join(dir, `f${i}.txt`), 'utf8')))).filter((t) =>
      t.startsWith('changed'),
    );
    expect(stillChanged).toHaveLength(3);
  });

  it('a file over the cap is still saved when an edit names it before it changed', async () => {
    const dir = await tempDir();
    for (let i = 0; i < 4; i++) await write(dir, `f${i}.txt`, `file ${i}\n`);
    const snaps = await snapshots(dir, { maxFiles: 1 });
    await snaps.beforeChange(1, []);
    for (let i = 0; i < 4; i++) await snaps.beforeChange(1, [`f${i}.txt`]);
    for (let i = 0; i < 4; i++) await write(dir, `f${i}.txt`, `edited ${i}\n`);
    const result = (await snaps.undo())!;
    expect(result.restored).toEqual(['f0.txt', 'f1.txt', 'f2.txt', 'f3.txt']);
    expect(result.warnings).toEqual([]);
    for (let i = 0; i < 4; i++) expect(await fs.readFile(path.join(dir, `f${i}.txt`), 'utf8')).toBe(`file ${i}\n`);
  });

  it('restores symlinks and undoes a turn in a workspace reached through a symlink', async () => {
    const real = await tempDir();
    await write(real, 'target.txt', 'target\n');
    await fs.symlink('target.txt', path.join(real, 'link'));
    const alias = path.join(await tempDir(), 'alias');
    await fs.symlink(real, alias);
    const snaps = await CopySnapshots.open(alias);
    cleanups.unshift(() => snaps.dispose());
    await snaps.beforeChange(1, [path.join(alias, 'link'), 'target.txt']);
    await fs.rm(path.join(real, 'link'));
    await write(real, 'link', 'a regular file now\n');
    await write(real, 'target.txt', 'changed\n');
    expect(await snaps.undo()).toMatchObject({ restored: ['link', 'target.txt'], removed: [] });
    expect(await fs.readlink(path.join(real, 'link'))).toBe('target.txt');
    expect(await fs.readFile(path.join(real, 'target.txt'), 'utf8')).toBe('target\n');
  });
});
