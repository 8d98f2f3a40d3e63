// The session file's own repairs, on real files: the lock refuses a live writer and takes over a
// dead one's; a torn tail is set aside while a whole last line that only lacks its newline is
// kept; an output whose call line is unreadable is left out without shifting the compaction.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSession, SessionFile, SessionInUseError } from '../../src/session/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'wsagent-sessionfile-'));
  dirs.push(d);
  return d;
}

describe('one writer per session file', () => {
  it('refuses a session whose lock a live process holds, and takes over the lock of a dead one', async () => {
    const dir = dataDir();
    const file = SessionFile.create(dir, { model: 'm', cwd: '/repo' });
    file.close();
    const other = spawn('sleep', ['30']);
    try {
      writeFileSync(`${file.path}.lock`, String(other.pid));
      expect(() => SessionFile.open(dir, file.header.id)).toThrow(SessionInUseError);
      expect(() => SessionFile.open(dir, file.header.id)).toThrow(`is in use by another wsagent (pid ${other.pid})`);
    } finally {
      other.kill('SIGKILL');
      await new Promise((r) => other.once('close', r));
    }
    // Its process is gone: the lock is stale.
    const reopened = SessionFile.open(dir, file.header.id);
    expect(readFileSync(`${file.path}.lock`, 'utf8')).toBe(String(process.pid));
    reopened.close();
    expect(existsSync(`${file.path}.lock`)).toBe(false);
  });
});

describe('the tail of a session file', () => {
  it('a whole last line without its newline is kept (a newline is added); a cut one goes to .torn', () => {
    const dir = dataDir();
    const file = SessionFile.create(dir, { model: 'm', cwd: '/repo' });
    file.close();
    appendFileSync(file.path, '{"t":"clear"}');
    const a = SessionFile.open(dir, file.header.id);
    expect(a.tornTail).toBeNull();
    expect(readFileSync(file.path, 'utf8').endsWith('{"t":"clear"}\n')).toBe(true);
    expect(existsSync(`${file.path}.torn`)).toBe(false);
    a.appendClear();
    a.close();
    appendFileSync(file.path, '{"t":"cl');
    const b = SessionFile.open(dir, file.header.id);
    expect(b.tornTail).toEqual({ bytes: 8, line: 4, keptIn: `${file.path}.torn` });
    b.appendClear();
    b.close();
    expect(readFileSync(file.path, 'utf8').split('\n').slice(1)).toEqual(['{"t":"clear"}', '{"t":"clear"}', '{"t":"clear"}', '']);
  });
});

describe('an unreadable function_call line', () => {
  it('its output is left out of the ledger, and the compaction after it still covers the same items', () => {
    const dir = dataDir();
    const file = SessionFile.create(dir, { model: 'm', cwd: '/repo' });
    const user = { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] };
    file.appendItem(user as never, 'user');
    file.appendItem({ type: 'function_call', call_id: 'call_1', name: 'read_file', arguments: '{}' } as never, 'model', 'resp_1');
    file.appendItem({ type: 'function_call_output', call_id: 'call_1', output: 'text' } as never, 'tool');
    file.appendItem({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'ok' }] } as never, 'model', 'resp_2');
    file.appendCompaction([{ type: 'compaction', encrypted_content: 'x' } as never], 4);
    file.appendItem(user as never, 'user');
    file.close();
    const lines = readFileSync(file.path, 'utf8').split('\n');
    lines[2] = lines[2]!.slice(0, 30);
    writeFileSync(file.path, lines.join('\n'));

    const loaded = readSession(file.path);
    expect(loaded.unreadableLines).toEqual([3]);
    expect(loaded.droppedOutputs).toEqual(['call_1']);
    expect(loaded.ledger.items.map((e) => (e.item as { type: string }).type)).toEqual(['message', 'message', 'message']);
    // The window covered the first four items as written; two of them are gone, so it covers two now.
    expect(loaded.ledger.compaction?.coversUpTo).toBe(2);
    expect(loaded.ledger.compactedContext()?.map((i) => (i as { type: string }).type)).toEqual(['compaction', 'message']);
  });
});
