// Prompt history that outlives the process: one file per workspace under the config directory
// (`history/<hash of the workspace path>.jsonl`, one JSON string a line), capped at HISTORY_CAP
// entries. Appends are cheap; the file is rewritten to the cap only when it has grown past it by
// a margin. Failures to read or write lose history, never the session.
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PromptHistoryStore } from './AgentController.js';

export const HISTORY_CAP = 1000;
/** Lines the file may hold past the cap before it is rewritten. */
const SLACK = 200;

export function historyPath(configDir: string, workspaceRoot: string): string {
  const key = createHash('sha256').update(workspaceRoot).digest('hex').slice(0, 16);
  return join(configDir, 'history', `${key}.jsonl`);
}

function parse(text: string): string[] {
  const entries: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value === 'string' && value !== '') entries.push(value);
    } catch {
      // a torn last line (a crash mid-write): skip it
    }
  }
  return entries;
}

export function historyFile(configDir: string, workspaceRoot: string): PromptHistoryStore {
  const path = historyPath(configDir, workspaceRoot);
  let lines = 0;
  return {
    load() {
      let entries: string[];
      try {
        entries = parse(readFileSync(path, 'utf8'));
      } catch {
        return [];
      }
      lines = entries.length;
      return entries.slice(-HISTORY_CAP);
    },
    add(entry) {
      if (entry.trim() === '') return;
      try {
        mkdirSync(join(configDir, 'history'), { recursive: true, mode: 0o700 });
        appendFileSync(path, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
        lines++;
        if (lines > HISTORY_CAP + SLACK) {
          const kept = parse(readFileSync(path, 'utf8')).slice(-HISTORY_CAP);
          writeFileSync(path, kept.map((e) => `${JSON.stringify(e)}\n`).join(''), { mode: 0o600 });
          lines = kept.length;
        }
      } catch {
        // history is a convenience: a read-only config directory must not break the prompt
      }
    },
  };
}
