// What a list of saved sessions shows about each (the TUI's --resume picker, `wsagent sessions`):
// when it was last used, the first prompt and how many prompts it holds. Read line by line
// without building a ledger: a picker may look at dozens of long sessions.
import { readFileSync } from 'node:fs';
import { readSessionHeader } from './SessionFile.js';
import { listSessions, sameDirectory } from './sessionList.js';

export interface SessionOverview {
  id: string;
  /** The session file's last change: when the session was last used. */
  modifiedAt: Date;
  model: string;
  cwd: string;
  /** The first prompt, on one line ('' when none was typed yet). */
  firstPrompt: string;
  /** Prompts (user messages) in the whole file. */
  turns: number;
}

function textOf(item: unknown): string {
  const content = (item as { content?: unknown } | null)?.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part: { text?: unknown }) => (typeof part?.text === 'string' ? part.text : '')).join(' ');
}

/** The overview of one session file; null when it is not a readable session. */
export function sessionOverview(path: string, id: string, modifiedAt: Date): SessionOverview | null {
  const header = readSessionHeader(path);
  if (!header) return null;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  let firstPrompt = '';
  let turns = 0;
  for (const line of text.split('\n')) {
    // Only item lines of user messages matter; skip the rest without parsing them.
    if (!line.includes('"origin":"user"')) continue;
    try {
      const parsed = JSON.parse(line) as { t?: string; origin?: string; item?: unknown };
      if (parsed.t !== 'item' || parsed.origin !== 'user') continue;
      turns++;
      if (firstPrompt === '') firstPrompt = textOf(parsed.item).replace(/\s+/g, ' ').trim();
    } catch {
      // a torn last line after a crash
    }
  }
  return { id, modifiedAt, model: header.model, cwd: header.cwd, firstPrompt, turns };
}

/** The sessions recorded in `workspace`, newest first, at most `limit`. */
export function workspaceSessions(dataDir: string, workspace: string, limit = 50): SessionOverview[] {
  const found: SessionOverview[] = [];
  for (const s of listSessions(dataDir)) {
    const header = readSessionHeader(s.path);
    if (!header || !sameDirectory(header.cwd, workspace)) continue;
    const overview = sessionOverview(s.path, s.id, s.modifiedAt);
    if (overview) found.push(overview);
    if (found.length >= limit) break;
  }
  return found;
}
