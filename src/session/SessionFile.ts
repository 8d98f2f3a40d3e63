// Persistence: the ledger appended to one JSONL file per session as items complete, so a crash
// loses at most the item in flight. Each line is self-contained; a torn last line is skipped on
// resume. Nothing secret is ever written: no keys, no headers, only conversation items and ids.
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ConversationLedger, type ResponseRecord } from './ConversationLedger.js';
import type { ConversationItem, ItemOrigin } from './items.js';
import type { SteerStatus } from './steerTypes.js';
import { redactSecrets } from '../config/secretRedactor.js';

export interface SessionHeader {
  id: string;
  createdAt: string;
  model: string;
  cwd: string;
}

type Line =
  | ({ t: 'session'; v: 1 } & SessionHeader)
  | { t: 'item'; origin: ItemOrigin; item: ConversationItem; responseId?: string; steer?: string }
  /** A steer's state changed (every change: a crash at any moment of it can be resumed). */
  | { t: 'steer'; steer: SteerStatus }
  | { t: 'response'; record: ResponseRecord }
  | { t: 'compaction'; window: ConversationItem[]; coversUpTo: number }
  /** /clear: the conversation starts again from here. */
  | { t: 'clear' };

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
  /** A steer's user message entering the ledger. */
  appendSteerItem(item: ConversationItem, steerId: string): void;
  appendSteer(steer: SteerStatus): void;
  appendResponse(record: ResponseRecord): void;
  appendCompaction(window: ConversationItem[], coversUpTo: number): void;
  appendClear(): void;
  close(): void;
}

export class SessionFile implements SessionSink {
  private fd: number | undefined;

  private constructor(
    readonly path: string,
    readonly header: SessionHeader,
  ) {}

  static create(configDir: string, header: Omit<SessionHeader, 'id' | 'createdAt'> & { id?: string }): SessionFile {
    const dir = sessionsDir(configDir);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const full: SessionHeader = { id: header.id ?? newSessionId(), createdAt: new Date().toISOString(), model: header.model, cwd: header.cwd };
    const file = new SessionFile(join(dir, `${full.id}.jsonl`), full);
    file.write({ t: 'session', v: 1, ...full });
    return file;
  }

  /** Opens an existing session for appending (after resume). */
  static open(configDir: string, id: string): SessionFile {
    const path = join(sessionsDir(configDir), `${id}.jsonl`);
    const { header } = readSession(path);
    return new SessionFile(path, header);
  }

  appendItem(item: ConversationItem, origin: ItemOrigin, responseId?: string): void {
    this.write(responseId ? { t: 'item', origin, item, responseId } : { t: 'item', origin, item });
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

  /**
   * Where a sub-agent's ledger goes: the same file, each line tagged with the agent's name under
   * its own line type, so a resume (readSession) rebuilds only the parent's conversation.
   */
  forAgent(agent: string): SessionSink {
    const write = (line: Record<string, unknown>): void => this.writeTagged({ t: 'agent', agent, ...line });
    return {
      appendItem: (item, origin, responseId) => write(responseId ? { kind: 'item', origin, item, responseId } : { kind: 'item', origin, item }),
      appendSteerItem: (item, steerId) => write({ kind: 'item', origin: 'user', item, steer: steerId }),
      appendSteer: (steer) => write({ kind: 'steer', steer }),
      appendResponse: (record) => write({ kind: 'response', record }),
      appendCompaction: (window, coversUpTo) => write({ kind: 'compaction', window, coversUpTo }),
      appendClear: () => write({ kind: 'clear' }),
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

  /** Closes the file; a later write reopens it. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

export interface LoadedSession {
  header: SessionHeader;
  ledger: ConversationLedger;
  /** Lines that could not be read (a torn last line after a crash). */
  skippedLines: number;
  /** User turns the whole file holds (before any /clear too): a resumed session numbers on from here. */
  turns: number;
  /** Steers recorded whose message never reached the ledger (the process died first): still owed to the model. */
  undeliveredSteers: Array<{ id: string; text: string }>;
}

export function readSession(path: string): LoadedSession {
  if (!existsSync(path)) throw new SessionFileError(`no session file at ${path}`);
  let ledger = new ConversationLedger();
  let header: SessionHeader | null = null;
  let skippedLines = 0;
  let turns = 0;
  let steers = new Map<string, string>();
  let steersInLedger = new Set<string>();
  for (const text of readFileSync(path, 'utf8').split('\n')) {
    if (!text.trim()) continue;
    let line: Line;
    try {
      line = JSON.parse(text) as Line;
    } catch {
      skippedLines++;
      continue;
    }
    if (line.t === 'session') header = { id: line.id, createdAt: line.createdAt, model: line.model, cwd: line.cwd };
    else if (line.t === 'item') {
      // The item's JSON is the line less its small wrapper: its length without serialising the item again.
      const entry = ledger.append(line.item, line.origin, line.responseId, text.length - itemWrapperChars(line));
      if (line.steer !== undefined) {
        entry.steerId = line.steer;
        steersInLedger.add(line.steer);
      } else if (line.origin === 'user') turns++;
    } else if (line.t === 'steer') steers.set(line.steer.id, line.steer.text);
    else if (line.t === 'response') ledger.restoreResponse(line.record);
    else if (line.t === 'compaction') ledger.setCompaction(line.window, line.coversUpTo);
    else if (line.t === 'clear') {
      ledger = new ConversationLedger();
      steers = new Map();
      steersInLedger = new Set();
    }
  }
  const undeliveredSteers = [...steers].filter(([id]) => !steersInLedger.has(id)).map(([id, text]) => ({ id, text }));
  if (!header) throw new SessionFileError(`${path} is not a wsagent session file`);
  return { header, ledger, skippedLines, turns, undeliveredSteers };
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
    return { id: line.id, createdAt: line.createdAt, model: line.model, cwd: line.cwd };
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A directory as session headers record it (symlinks resolved), for comparing workspaces. */
export function sameDirectory(a: string, b: string): boolean {
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  return real(a) === real(b);
}

/** Characters of an item line around the item itself (`{"t":"item","origin":…,"item":` and the rest). */
function itemWrapperChars(line: Extract<Line, { t: 'item' }>): number {
  return JSON.stringify({ ...line, item: 0 }).length - 1;
}

export interface SessionSummary {
  id: string;
  path: string;
  modifiedAt: Date;
}

export function listSessions(configDir: string): SessionSummary[] {
  const dir = sessionsDir(configDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => {
      const path = join(dir, f);
      return { id: f.slice(0, -'.jsonl'.length), path, modifiedAt: statSync(path).mtime };
    })
    .sort((a, b) => b.modifiedAt.getTime() - a.modifiedAt.getTime() || b.id.localeCompare(a.id));
}

/**
 * Resolves `last` or an id (or a unique prefix of one) to a session file. `last` is the latest
 * session recorded in `workspace` (when given): resuming a conversation about another repository
 * here would let the model act on files it never saw. An id takes any session.
 */
export function findSession(configDir: string, idOrLast: string, workspace?: string): SessionSummary {
  const all = listSessions(configDir);
  if (all.length === 0) throw new SessionFileError(`no saved sessions in ${sessionsDir(configDir)}`);
  if (idOrLast === 'last') {
    if (workspace === undefined) return all[0]!;
    const here = all.find((s) => {
      const header = readSessionHeader(s.path);
      return header !== null && sameDirectory(header.cwd, workspace);
    });
    if (here) return here;
    throw new SessionFileError(
      `no saved session for ${workspace} (${all.length} in other directories: \`wsagent sessions\` lists them, \`--resume ID\` takes any)`,
    );
  }
  const matches = all.filter((s) => s.id === idOrLast || s.id.startsWith(idOrLast));
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new SessionFileError(`no session "${idOrLast}" (run \`wsagent sessions\` to list them)`);
  throw new SessionFileError(`"${idOrLast}" matches ${matches.length} sessions; give more of the id`);
}
