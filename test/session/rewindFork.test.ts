// Rewind and fork in the session layer, on real session files: a rewind entry makes a resume
// continue the rewound path (the abandoned one stays in the file), the next request either
// continues the response before the prompt (stored) or starts one chain with the context up to it,
// a compaction that stands for abandoned items is dropped; a fork of a saved session is a new file
// with a new id and the same conversation, the original untouched byte for byte.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Response } from '../../src/protocol/index.js';
import { Conversation } from '../../src/session/Conversation.js';
import { type ConversationItem, forkSavedSession, readSession, resumeSession, rewindPoints, SessionFile, userMessage } from '../../src/session/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'wsagent-rewind-'));
  dirs.push(d);
  return d;
}

const answer = (id: string, text: string): Response =>
  ({ id, output: [{ type: 'message', id: `msg_${id}`, role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] }] }) as unknown as Response;

function conversation(file: SessionFile, store = false): Conversation {
  return new Conversation({ model: 'gpt-4.1', instructions: 'be brief', tools: [], store, sessionFile: file });
}

/** Three turns: prompt, answer, each on connection ws#1. */
function threeTurns(c: Conversation): void {
  for (const [turn, word] of [
    [1, 'one'],
    [2, 'two'],
    [3, 'three'],
  ] as const) {
    c.addPrompt(userMessage(word), turn);
    c.commit(answer(`resp_${word}`, `did ${word}`), 'ws#1', false);
  }
}

const texts = (items: readonly ConversationItem[]): string[] =>
  items.map((item) => ((item as { content: Array<{ text: string }> }).content[0]?.text ?? '') as string);

describe('rewind in the session file', () => {
  it('lists the prompts newest first; a resume continues the rewound path and the abandoned one stays in the file', () => {
    const dir = dataDir();
    const file = SessionFile.create(dir, { model: 'gpt-4.1', cwd: '/repo' });
    const c = conversation(file);
    threeTurns(c);
    // A `!cmd` output or a Stop hook's words are user messages too, but no prompt to go back to.
    c.addItems([userMessage('<user_shell_command>ls</user_shell_command>')], 'user');
    const points = rewindPoints(c.ledger);
    expect(points.map((p) => [p.turn, p.prompt, p.position])).toEqual([
      [3, 'three', 4],
      [2, 'two', 2],
      [1, 'one', 0],
    ]);

    c.rewindTo(points[1]!.position, 2, 'two');
    expect(texts(c.ledger.items.map((e) => e.item))).toEqual(['one', 'did one']);
    expect(c.ledger.lastResponse()?.responseId).toBe('resp_one');
    c.addPrompt(userMessage('two, differently'), 4);
    c.commit(answer('resp_two_b', 'did two differently'), 'ws#1', false);
    c.close();

    const loaded = readSession(file.path);
    expect(texts(loaded.ledger.items.map((e) => e.item))).toEqual(['one', 'did one', 'two, differently', 'did two differently']);
    expect(loaded.ledger.responses.map((r) => r.responseId)).toEqual(['resp_one', 'resp_two_b']);
    expect(loaded.rewinds).toEqual([{ turn: 2, prompt: 'two', abandonedItems: 5 }]);
    // Turns go on numbering after every user message the file holds, abandoned ones included: undo records stay apart.
    expect(loaded.turns).toBe(5);
    expect(rewindPoints(loaded.ledger).map((p) => p.turn)).toEqual([4, 1]);
    // The abandoned path is still there to read.
    const lines = readFileSync(file.path, 'utf8').split('\n').filter(Boolean);
    expect(lines.some((l) => l.includes('"did three"'))).toBe(true);
    expect(lines.find((l) => l.startsWith('{"t":"rewind"'))).toBe('{"t":"rewind","to":2,"turn":2,"prompt":"two"}');

    const resumed = resumeSession(dir, file.header.id, '/repo');
    expect(resumed.ledger.length).toBe(4);
    resumed.file.close();
  });

  it('the next request continues the response before the prompt when it is stored, else starts one chain with the context up to it', () => {
    for (const store of [false, true]) {
      const file = SessionFile.create(dataDir(), { model: 'gpt-4.1', cwd: '/repo' });
      const c = conversation(file, store);
      threeTurns(c);
      c.rewindTo(2, 2, 'two');
      c.addPrompt(userMessage('two again'), 4);
      const plan = c.plan('ws#1', true);
      if (store) {
        expect(plan.mode).toBe('incremental');
        expect(plan.previousResponseId).toBe('resp_one');
        expect(texts(plan.input)).toEqual(['two again']);
      } else {
        // The connection's cache holds resp_three, not resp_one: a new chain, ending before "two".
        expect(plan.mode).toBe('full');
        expect(plan.previousResponseId).toBeNull();
        expect(texts(plan.input)).toEqual(['one', 'did one', 'two again']);
      }
      c.close();
    }
  });

  it('keeps a compaction made before the prompt and drops one that stands for what was rewound', () => {
    const file = SessionFile.create(dataDir(), { model: 'gpt-4.1', cwd: '/repo' });
    const c = conversation(file);
    c.addPrompt(userMessage('one'), 1);
    c.commit(answer('resp_one', 'did one'), 'ws#1', false);
    c.setCompaction([{ type: 'compaction', id: 'cmp_1', encrypted_content: 'early' } as ConversationItem]);
    threeTurns(c);
    c.setCompaction([{ type: 'compaction', id: 'cmp_2', encrypted_content: 'late' } as ConversationItem]);
    c.rewindTo(4, 2, 'two');
    expect(c.ledger.compaction?.window).toEqual([{ type: 'compaction', id: 'cmp_1', encrypted_content: 'early' }]);
    c.addPrompt(userMessage('again'), 5);
    const plan = c.plan('ws#2', true);
    expect(plan.mode).toBe('compacted');
    expect(plan.input.map((i) => (i.type === 'compaction' ? 'cmp' : texts([i])[0]))).toEqual(['cmp', 'one', 'did one', 'again']);
    c.close();
    const loaded = readSession(file.path);
    expect(loaded.ledger.compaction?.coversUpTo).toBe(2);
    expect(loaded.ledger.length).toBe(5);
  });

  it('gives back the prompt as typed, without the context a hook added to its message, after a resume and in a fork too', () => {
    const dir = dataDir();
    const file = SessionFile.create(dir, { model: 'gpt-4.1', cwd: '/repo' });
    const c = conversation(file);
    c.addPrompt(userMessage('fix it\n\n<hook>branch: main</hook>'), 1, 'fix it');
    c.commit(answer('resp_1', 'fixed'), 'ws#1', false);
    c.close();
    expect(rewindPoints(readSession(file.path).ledger).map((p) => p.prompt)).toEqual(['fix it']);
    const fork = forkSavedSession(dir, file.header.id, '/repo');
    fork.file.close();
    const copied = readSession(fork.file.path).ledger;
    expect(rewindPoints(copied).map((p) => p.prompt)).toEqual(['fix it']);
    expect(texts([copied.items[0]!.item])).toEqual(['fix it\n\n<hook>branch: main</hook>']);
  });

  it('a file written before prompts carried their turn numbers its user messages as turns', () => {
    const dir = dataDir();
    const file = SessionFile.create(dir, { model: 'gpt-4.1', cwd: '/repo' });
    file.appendItem(userMessage('old one'), 'user');
    file.appendItem(userMessage('old two'), 'user');
    file.close();
    expect(rewindPoints(readSession(file.path).ledger).map((p) => [p.turn, p.prompt])).toEqual([
      [2, 'old two'],
      [1, 'old one'],
    ]);
  });
});

describe('fork of a saved session', () => {
  it('writes a new session with a new id and the same conversation, and leaves the original byte for byte as it was', () => {
    const dir = dataDir();
    const file = SessionFile.create(dir, { model: 'gpt-4.1', cwd: '/repo' });
    const c = conversation(file);
    threeTurns(c);
    c.rewindTo(4, 3, 'three');
    // A call left without output (the process died while it ran): the fork answers it, the original does not change.
    c.commit(
      { id: 'resp_call', output: [{ type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'list_files', arguments: '{}' }] } as unknown as Response,
      'ws#1',
      false,
    );
    c.close();
    const before = readFileSync(file.path);

    const fork = forkSavedSession(dir, file.header.id, '/repo');
    fork.file.close();
    expect(readFileSync(file.path).equals(before)).toBe(true);
    expect(fork.header.id).not.toBe(file.header.id);
    expect(fork.header.forkedFrom).toBe(file.header.id);
    expect(fork.interruptedCalls).toBe(1);

    const copy = readSession(fork.file.path);
    expect(copy.header.forkedFrom).toBe(file.header.id);
    expect(copy.ledger.items.map((e) => e.item)).toEqual(fork.ledger.items.map((e) => e.item));
    expect(texts(copy.ledger.items.slice(0, 4).map((e) => e.item))).toEqual(['one', 'did one', 'two', 'did two']);
    expect(copy.ledger.items.at(-1)?.item).toMatchObject({ type: 'function_call_output', call_id: 'call_1' });
    expect(copy.ledger.responses.map((r) => [r.responseId, r.contextEnd])).toEqual([
      ['resp_one', 2],
      ['resp_two', 4],
      ['resp_call', 5],
    ]);
    // The copy holds the current path only: the rewound third turn is not in it.
    expect(readFileSync(fork.file.path, 'utf8')).not.toContain('three');
    expect(rewindPoints(copy.ledger).map((p) => p.turn)).toEqual([2, 1]);
  });

  it('a session id that does not exist is a clear error, and no file is written', () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'placeholder'), '');
    expect(() => forkSavedSession(dir, 'nope', '/repo')).toThrow('no saved sessions');
  });
});
