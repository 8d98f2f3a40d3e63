// Persistence: the ledger appended to one JSONL file per session as items complete, so a crash
// loses at most the item in flight. Each line is self-contained; a torn last line is set aside on
// resume (sessionRepair.ts) and unreadable lines are skipped and reported (resumeSession.ts). Nothing secret is ever written: no keys, no headers, only conversation items and ids.
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ConversationLedger, type LedgerEntry, type ResponseRecord } from './ConversationLedger.js';
import type { ConversationItem, ItemOrigin } from './items.js';
import type { SteerStatus } from './steerTypes.js';
import { redactSecrets } from '../config/secretRedactor.js';
import { lockSession, type SessionLock } from './sessionLock.js';
import { repairTornTail, type TornTail } from './sessionRepair.js';

export interface SessionHeader {
  id: string;
  createdAt: string;
  model: string;
  cwd: string;
  /** A fork (`/fork`, `exec --fork`): the session it was copied from. */
  forkedFrom?: string;
}

type Line =
  | ({ t: 'session'; v: 1 } & SessionHeader)
  | { t: 'item'; origin: ItemOrigin; item: ConversationItem; responseId?: string; steer?: string; turn?: number; typed?: string }
  /** A steer's state changed (every change: a crash at any moment of it can be resumed). */
  | { t: 'steer'; steer: SteerStatus }
  | { t: 'response'; record: ResponseRecord }
  | { t: 'compaction'; window: ConversationItem[]; coversUpTo: number }
  /** /clear: the conversation starts again from here. */
  | { t: 'clear' }
  /**
   * A rewind: the conversation goes on from its first `to` items (the lines after them stay in the
   * file above this one: the abandoned path, still readable). `turn` and `prompt`: the prompt rewound to.
   */
  | { t: 'rewind'; to: number; turn: number | null; prompt: string }
  /** A repair made on resume and reported to the user: these are not reported again. */
  | { t: 'repaired'; lines: number[]; droppedOutputs: string[] }
  /** A sub-agent's line (forAgent). */
  | ({ t: 'agent'; agent: string; kind: string } & Record<string, unknown>);

export class SessionFileError extends Error {}

export function sessionsDir(configDir: string): string {
  return join(configDir, 'sessions');
}

/** A new session id: sortable by time, unique. */
export function newSessionId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
  return `${stamp}-${randomUUID().slice(0, 8)}`;
}

/** What a conversation appends to; a SessionFile, or a sub-agent's tagged view of one. */
export interface SessionSink {
  appendItem(item: ConversationItem, origin: ItemOrigin, responseId?: string): void;
  /** A prompt the user typed, with the turn it starts. */
  appendPrompt(item: ConversationItem, turn: number, typed?: string): void;
  /** A steer's user message entering the ledger. */
  appendSteerItem(item: ConversationItem, steerId: string): void;
  appendSteer(steer: SteerStatus): void;
  appendResponse(record: ResponseRecord): void;
  appendCompaction(window: ConversationItem[], coversUpTo: number): void;
  appendClear(): void;
  appendRewind(to: number, turn: number | null, prompt: string): void;
  close(): void;
}

export class SessionFile implements SessionSink {
  private fd: number | undefined;

  private constructor(
    private filePath: string,
    private sessionHeader: SessionHeader,
    private lock: SessionLock | null,
  ) {}

  get path(): string {
    return this.filePath;
  }

  get header(): SessionHeader {
    return this.sessionHeader;
  }

  /**
   * /fork: from now on this object writes `fork` (a new session file, already written) instead of
   * the file it wrote so far, which is closed and unlocked as it stands. Whoever holds this object
   * (the conversation, its steering, the sub-agents) goes on writing into the fork.
   */
  adopt(fork: SessionFile): void {
    this.close();
    this.filePath = fork.filePath;
    this.sessionHeader = fork.sessionHeader;
    this.lock = fork.lock;
    this.fd = fork.fd;
    fork.lock = null;
    fork.fd = undefined;
  }

  static create(configDir: string, header: Omit<SessionHeader, 'id' | 'createdAt'> & { id?: string }): SessionFile {
    const dir = sessionsDir(configDir);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const full: SessionHeader = {
      id: header.id ?? newSessionId(),
      createdAt: new Date().toISOString(),
      model: header.model,
      cwd: header.cwd,
      ...(header.forkedFrom !== undefined && { forkedFrom: header.forkedFrom }),
    };
    const path = join(dir, `${full.id}.jsonl`);
    const file = new SessionFile(path, full, lockSession(path, full.id));
    file.write({ t: 'session', v: 1, ...full });
    return file;
  }

  /**
   * Opens an existing session for appending (after resume): takes its lock (SessionInUseError when
   * another live process writes it), and sets a torn last line aside (`tornTail`) so that the next
   * line starts on a line of its own.
   */
  static open(configDir: string, id: string): SessionFile {
    const path = join(sessionsDir(configDir), `${id}.jsonl`);
    const header = readSessionHeader(path);
    if (!header) throw new SessionFileError(existsSync(path) ? `${path} is not a wsagent session file` : `no session file at ${path}`);
    const lock = lockSession(path, id);
    const file = new SessionFile(path, header, lock);
    try {
      file.tornTail = repairTornTail(path);
    } catch (err) {
      lock.release();
      throw err;
    }
    return file;
  }

  /** The torn last line set aside when the file was opened, if there was one. */
  tornTail: TornTail | null = null;

  /** Records repairs reported to the user, so a later resume does not report them again. */
  appendRepaired(lines: number[], droppedOutputs: string[]): void {
    this.write({ t: 'repaired', lines, droppedOutputs });
  }

  appendItem(item: ConversationItem, origin: ItemOrigin, responseId?: string): void {
    this.write(responseId ? { t: 'item', origin, item, responseId } : { t: 'item', origin, item });
  }

  appendPrompt(item: ConversationItem, turn: number, typed?: string): void {
    this.write(typed === undefined ? { t: 'item', origin: 'user', item, turn } : { t: 'item', origin: 'user', item, turn, typed });
  }

  appendSteerItem(item: ConversationItem, steerId: string): void {
    this.write({ t: 'item', origin: 'user', item, steer: steerId });
  }

  appendSteer(steer: SteerStatus): void {
    this.write({ t: 'steer', steer });
  }

  appendResponse(record: ResponseRecord): void {
    this.write({ t: 'response', record });
  }

  appendCompaction(window: ConversationItem[], coversUpTo: number): void {
    this.write({ t: 'compaction', window, coversUpTo });
  }

  appendClear(): void {
    this.write({ t: 'clear' });
  }

  appendRewind(to: number, turn: number | null, prompt: string): void {
    this.write({ t: 'rewind', to, turn, prompt });
  }

  /**
   * Where a sub-agent's ledger goes: the same file, each line tagged with the agent's name under
   * its own line type, so a resume (readSession) rebuilds only the parent's conversation.
   */
  forAgent(agent: string): SessionSink {
    const write = (line: Record<string, unknown>): void => this.writeTagged({ t: 'agent', agent, ...line });
    return {
      appendItem: (item, origin, responseId) => write(responseId ? { kind: 'item', origin, item, responseId } : { kind: 'item', origin, item }),
      appendPrompt: (item, turn, typed) => write({ kind: 'item', origin: 'user', item, turn, ...(typed !== undefined && { typed }) }),
      appendSteerItem: (item, steerId) => write({ kind: 'item', origin: 'user', item, steer: steerId }),
      appendSteer: (steer) => write({ kind: 'steer', steer }),
      appendResponse: (record) => write({ kind: 'response', record }),
      appendCompaction: (window, coversUpTo) => write({ kind: 'compaction', window, coversUpTo }),
      appendClear: () => write({ kind: 'clear' }),
      appendRewind: (to, turn, prompt) => write({ kind: 'rewind', to, turn, prompt }),
      close: () => undefined,
    };
  }

  private writeTagged(line: Record<string, unknown>): void {
    this.write(line as unknown as Line);
  }

  private write(line: Line): void {
    // One synchronous O_APPEND write per line: once it returns the line is in the kernel, so a
    // crash of wsagent can only lose the item still in flight. (No fsync per line: that would
    // guard against power loss at a cost of milliseconds per item on the request path.)
    this.fd ??= openSync(this.path, 'a', 0o600);
    appendFileSync(this.fd, `${redactSecrets(JSON.stringify(line))}\n`); // secrets never reach the disk
  }

  /** Closes the file and gives up its lock; a later write reopens it. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.lock?.release();
    this.lock = null;
  }
}

export interface LoadedSession {
  header: SessionHeader;
  ledger: ConversationLedger;
  /** Lines that could not be read (a torn last line after a crash). */
  skippedLines: number;
  /** Their line numbers (1-based). */
  unreadableLines: number[];
  /** Tool outputs whose call is not in the file (its line was unreadable), left out of the ledger: their call ids. */
  droppedOutputs: string[];
  /** Repairs already reported to the user (line numbers, call ids). */
  reported: { lines: Set<number>; outputs: Set<string> };
  /** The sub-agents' lines, in file order. */
  agentLines: AgentLine[];
  /** User turns the whole file holds (before any /clear too): a resumed session numbers on from here. */
  turns: number;
  /** Steers recorded whose message never reached the ledger (the process died first): still owed to the model. */
  undeliveredSteers: Array<{ id: string; text: string }>;
  /** Rewinds, in file order: the prompt gone back to, and how many items of the path they left remain in the file above. */
  rewinds: Array<{ turn: number | null; prompt: string; abandonedItems: number }>;
}

export function readSession(path: string): LoadedSession {
  if (!existsSync(path)) throw new SessionFileError(`no session file at ${path}`);
  let ledger = new ConversationLedger();
  let header: SessionHeader | null = null;
  let turns = 0;
  const unreadableLines: number[] = [];
  const droppedOutputs: string[] = [];
  const reported = { lines: new Set<number>(), outputs: new Set<string>() };
  const agentLines: AgentLine[] = [];
  // Indexes in the file's lines (contextEnd, coversUpTo) count the items written; a skipped or
  // dropped item shifts the ledger's indexes after it.
  let shift = 0;
  let calls = new Set<string>();
  let steers = new Map<string, string>();
  let steersInLedger = new Set<string>();
  const rewinds: LoadedSession['rewinds'] = [];
  // A file written before prompts carried their turn: each user message stands for one (its count).
  let promptsTagged = false;
  const untagged: Array<[LedgerEntry, number]> = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  for (const [index, text] of lines.entries()) {
    if (!text.trim()) continue;
    let line: Line;
    try {
      line = JSON.parse(text) as Line;
    } catch {
      unreadableLines.push(index + 1);
      // Most lines are items; a line that still shows another type was not one.
      if (!/^\{"t":"(?!item")/.test(text)) shift++;
      continue;
    }
    if (line.t === 'session')
      header = {
        id: line.id,
        createdAt: line.createdAt,
        model: line.model,
        cwd: line.cwd,
        ...(line.forkedFrom !== undefined && { forkedFrom: line.forkedFrom }),
      };
    else if (line.t === 'item') {
      const callId = (line.item as { call_id?: unknown }).call_id;
      const type = (line.item as { type?: unknown }).type;
      if (typeof callId === 'string' && CALL_TYPES.has(String(type))) calls.add(callId);
      // An output whose call is gone (an unreadable line) would make the API refuse the whole conversation.
      if (typeof callId === 'string' && OUTPUT_TYPES.has(String(type)) && !calls.has(callId)) {
        droppedOutputs.push(callId);
        shift++;
        continue;
      }
      // The item's JSON is the line less its small wrapper: its length without serialising the item again.
      const entry = ledger.append(line.item, line.origin, line.responseId, text.length - itemWrapperChars(line));
      if (line.steer !== undefined) {
        entry.steerId = line.steer;
        steersInLedger.add(line.steer);
      } else if (line.origin === 'user') {
        turns++;
        if (line.turn !== undefined) {
          entry.turn = line.turn;
          if (line.typed !== undefined) entry.typed = line.typed;
          promptsTagged = true;
        } else untagged.push([entry, turns]);
      }
    } else if (line.t === 'steer') steers.set(line.steer.id, line.steer.text);
    else if (line.t === 'response') ledger.restoreResponse({ ...line.record, contextEnd: Math.max(0, line.record.contextEnd - shift) });
    else if (line.t === 'compaction') {
      ledger.setCompaction(line.window, Math.max(0, line.coversUpTo - shift));
      for (const item of line.window) {
        const callId = (item as { call_id?: unknown }).call_id;
        if (typeof callId === 'string') calls.add(callId);
      }
    } else if (line.t === 'clear') {
      ledger = new ConversationLedger();
      calls = new Set();
      shift = 0;
      steers = new Map();
      steersInLedger = new Set();
    } else if (line.t === 'rewind') {
      const before = ledger.length;
      ledger.truncate(Math.max(0, line.to - shift));
      rewinds.push({ turn: line.turn, prompt: line.prompt, abandonedItems: before - ledger.length });
    } else if (line.t === 'repaired') {
      for (const n of line.lines) reported.lines.add(n);
      for (const id of line.droppedOutputs) reported.outputs.add(id);
    } else if (line.t === 'agent') agentLines.push(line as AgentLine);
  }
  if (!promptsTagged) for (const [entry, turn] of untagged) entry.turn = turn;
  const undeliveredSteers = [...steers].filter(([id]) => !steersInLedger.has(id)).map(([id, text]) => ({ id, text }));
  if (!header) throw new SessionFileError(`${path} is not a wsagent session file`);
  return { header, ledger, skippedLines: unreadableLines.length, unreadableLines, droppedOutputs, reported, agentLines, turns, undeliveredSteers, rewinds };
}

const CALL_TYPES = new Set(['function_call', 'custom_tool_call']);
const OUTPUT_TYPES = new Set(['function_call_output', 'custom_tool_call_output']);

/** A sub-agent's line as forAgent wrote it. */
export interface AgentLine {
  t: 'agent';
  agent: string;
  kind: 'item' | 'response' | 'compaction' | 'clear' | 'rewind';
  item?: ConversationItem;
  origin?: ItemOrigin;
  responseId?: string;
  record?: ResponseRecord;
}

/** Only the header line of a session file (cheap: listing sessions must not read whole files); null if unreadable. */
export function readSessionHeader(path: string): SessionHeader | null {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(16 * 1024);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    const first = buffer.subarray(0, n).toString('utf8').split('\n')[0] ?? '';
    const line = JSON.parse(first) as Line;
    if (line.t !== 'session') return null;
    return { id: line.id, createdAt: line.createdAt, model: line.model, cwd: line.cwd, ...(line.forkedFrom !== undefined && { forkedFrom: line.forkedFrom }) };
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Characters of an item line around the item itself (`{"t":"item","origin":…,"item":` and the rest). */
function itemWrapperChars(line: Extract<Line, { t: 'item' }>): number {
  return JSON.stringify({ ...line, item: 0 }).length - 1;
}
