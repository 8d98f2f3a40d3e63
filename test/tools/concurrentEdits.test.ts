// Two agents (two WorkspaceGuards, as two wsagent sessions have) and outside processes changing the
// same files: an edit based on a stale view is refused with a message telling the model to read
// again, nothing reported as done is lost, writes are atomic and keep the file's mode and CRLF.
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { editFileTool } from '../../src/tools/editFile.js';
import { readFileTool } from '../../src/tools/readFile.js';
import { WorkspaceGuard } from '../../src/tools/WorkspaceGuard.js';
import { writeFileTool } from '../../src/tools/writeFile.js';
import { context, run, workspace } from './helpers.js';

const STALE = 'notes.txt changed on disk since you last read it (another process edited it); read it again before editing. Nothing was changed.';

const read = (ctx: ReturnType<typeof context>, path = 'notes.txt') => run(readFileTool, { path, start_line: null, end_line: null }, ctx);
const edit = (ctx: ReturnType<typeof context>, old_string: string, new_string: string, path = 'notes.txt') =>
  run(editFileTool, { path, old_string, new_string }, ctx);

describe('edits from two agents on one file', () => {
  it('the second agent, whose view is stale, is refused; after reading again its edit lands beside the first', async () => {
    const { root, guard } = workspace({ 'notes.txt': 'one\ntwo\nthree\n' }, true);
    const a = context(guard);
    const b = context(new WorkspaceGuard(root));
    expect((await read(a)).ok).toBe(true);
    expect((await read(b)).ok).toBe(true);
    expect((await edit(a, 'one\n', 'one (a)\n')).output).toMatch(/^Edited notes.txt: /);
    const refused = await edit(b, 'three\n', 'three (b)\n');
    expect(refused).toEqual({ ok: false, output: STALE });
    expect(readFileSync(join(root, 'notes.txt'), 'utf8')).toBe('one (a)\ntwo\nthree\n');
    // write_file is held to the same rule.
    expect(await run(writeFileTool, { path: 'notes.txt', content: 'b only\n' }, b)).toEqual({ ok: false, output: STALE });
    expect((await read(b)).output).toContain('one (a)');
    expect((await edit(b, 'three\n', 'three (b)\n')).ok).toBe(true);
    expect(readFileSync(join(root, 'notes.txt'), 'utf8')).toBe('one (a)\ntwo\nthree (b)\n');
    // The first agent's own edit counts as having seen the file, but b's edit is news to it.
    expect(await edit(a, 'two\n', 'two (a)\n')).toEqual({ ok: false, output: STALE });
  });

  it('a change by another process between read and edit is refused and the file is left as that process wrote it', async () => {
    const { root, guard } = workspace({ 'notes.txt': 'alpha\nbeta\n' }, true);
    const ctx = context(guard);
    await read(ctx);
    writeFileSync(join(root, 'notes.txt'), 'alpha\nbeta\ngamma (editor)\n');
    expect(await edit(ctx, 'beta\n', 'BETA\n')).toEqual({ ok: false, output: STALE });
    expect(await run(writeFileTool, { path: 'notes.txt', content: 'replaced\n' }, ctx)).toEqual({ ok: false, output: STALE });
    expect(readFileSync(join(root, 'notes.txt'), 'utf8')).toBe('alpha\nbeta\ngamma (editor)\n');
    // The agent's own writes keep its view current: read, write, edit, edit, without reading in between.
    await read(ctx);
    expect((await run(writeFileTool, { path: 'notes.txt', content: 'x\ny\n' }, ctx)).ok).toBe(true);
    expect((await edit(ctx, 'x\n', 'X\n')).ok).toBe(true);
    expect((await edit(ctx, 'y\n', 'Y\n')).ok).toBe(true);
    expect(readFileSync(join(root, 'notes.txt'), 'utf8')).toBe('X\nY\n');
  });

  it('files the agent never read are edited and written against what is on disk now, as before', async () => {
    const { root, guard } = workspace({ 'notes.txt': 'old\n', 'other.txt': 'keep?\n' }, true);
    const ctx = context(guard);
    expect((await edit(ctx, 'old\n', 'new\n')).ok).toBe(true);
    expect((await run(writeFileTool, { path: 'other.txt', content: 'replaced\n' }, ctx)).ok).toBe(true);
    expect(readFileSync(join(root, 'notes.txt'), 'utf8')).toBe('new\n');
    expect(readFileSync(join(root, 'other.txt'), 'utf8')).toBe('replaced\n');
  });

  it('many concurrent edits from two agents: every edit reported as done is in the file, every refused one is not', async () => {
    const { root, guard } = workspace({ 'notes.txt': '=== end ===\n' }, true);
    const agents = [context(guard), context(new WorkspaceGuard(root))];
    const done: string[] = [];
    const refused: string[] = [];
    await Promise.all(
      agents.map(async (ctx, who) => {
        for (let i = 0; i < 30; i++) {
          const line = `agent ${who} edit ${i}`;
          await read(ctx);
          const result = await edit(ctx, '=== end ===\n', `${line}\n=== end ===\n`);
          if (result.ok) done.push(line);
          else {
            expect(result.output).toBe(STALE);
            refused.push(line);
          }
        }
      }),
    );
    const lines = readFileSync(join(root, 'notes.txt'), 'utf8').trimEnd().split('\n');
    expect(done.length + refused.length).toBe(60);
    expect(done.filter((line) => !lines.includes(line))).toEqual([]);
    expect(refused.filter((line) => lines.includes(line))).toEqual([]);
    expect(lines).toHaveLength(done.length + 1);
  });
});

describe('atomic writes', () => {
  it('keep the mode (0755) and CRLF line endings, and leave no temporary file behind', async () => {
    const { root, guard } = workspace({ 'run.sh': '#!/bin/sh\r\necho one\r\n' }, true);
    chmodSync(join(root, 'run.sh'), 0o755);
    const ctx = context(guard);
    const edited = await edit(ctx, 'echo one\n', 'echo two\n', 'run.sh');
    expect(edited.output).toContain("(line endings adapted to the file's CRLF)");
    expect(readFileSync(join(root, 'run.sh'), 'utf8')).toBe('#!/bin/sh\r\necho two\r\n');
    expect(statSync(join(root, 'run.sh')).mode & 0o777).toBe(0o755);
    expect((await run(writeFileTool, { path: 'run.sh', content: '#!/bin/sh\r\necho three\r\n' }, ctx)).ok).toBe(true);
    expect(statSync(join(root, 'run.sh')).mode & 0o777).toBe(0o755);
    chmodSync(join(root, 'run.sh'), 0o640);
    await read(ctx, 'run.sh');
    expect((await edit(ctx, 'three', 'four', 'run.sh')).ok).toBe(true);
    expect(statSync(join(root, 'run.sh')).mode & 0o777).toBe(0o640);
    expect(readdirSync(root).sort()).toEqual(['.git', 'run.sh']);
  });

  it.skipIf(process.getuid?.() === 0)('in a directory that cannot take a temporary file, a writable file is still edited, in place and checked', async () => {
    const { root, guard } = workspace({ 'locked/notes.txt': 'one\n' }, true);
    const ctx = context(guard);
    chmodSync(join(root, 'locked'), 0o555);
    try {
      expect((await edit(ctx, 'one\n', 'two\n', 'locked/notes.txt')).ok).toBe(true);
      writeFileSync(join(root, 'locked/notes.txt'), 'three\n');
      expect((await edit(ctx, 'three\n', 'four\n', 'locked/notes.txt')).output).toBe(STALE.replace('notes.txt', 'locked/notes.txt'));
      expect(readFileSync(join(root, 'locked/notes.txt'), 'utf8')).toBe('three\n');
    } finally {
      chmodSync(join(root, 'locked'), 0o755);
    }
  });

  it('a reader running alongside the writes sees the old content or the new, never a part of it', async () => {
    const { root, guard } = workspace({ 'big.txt': `${'0'.repeat(1 << 20)}\n` }, true);
    const ctx = context(guard);
    const versions = new Set([`${'0'.repeat(1 << 20)}\n`]);
    const seen: string[] = [];
    let writing = true;
    const reader = (async () => {
      while (writing) seen.push(await readFile(join(root, 'big.txt'), 'utf8'));
    })();
    for (let i = 1; i <= 10; i++) {
      const content = `${String(i % 10).repeat(1 << 20)}\n`;
      versions.add(content);
      expect((await run(writeFileTool, { path: 'big.txt', content }, ctx)).ok).toBe(true);
    }
    writing = false;
    await reader;
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((text) => !versions.has(text)).map((text) => text.length)).toEqual([]);
  });
});
