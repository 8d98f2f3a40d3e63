// The search engine used when ripgrep is not installed: walks the workspace with the same
// .gitignore rules as list_files and tests each line of each text file with a JavaScript RegExp.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

import { compileGlob } from './glob.js';
import { MAX_SEARCH_FILE_BYTES, matchLine, type SearchEngine, type SearchOutcome, type SearchQuery } from './searchTypes.js';
import { looksBinary } from './textFile.js';
import type { WorkspaceGuard } from './WorkspaceGuard.js';
import { walkWorkspace, yieldToEventLoop } from './walkWorkspace.js';

/**
 * Files are read synchronously (many small reads are several times faster than through the
 * thread pool), yielding to the event loop after this much work so the UI stays responsive.
 */
const SLICE_MS = 15;

/**
 * The model writes ripgrep (Rust) syntax; accept what JavaScript can express of it: inline flags
 * at the start (`(?i)`, `(?s)`, `(?m)`).
 */
export function toJsRegExp(pattern: string): RegExp {
  let source = pattern;
  const flags = new Set<string>();
  const inline = /^\(\?([ism]+)\)/.exec(source);
  if (inline) {
    for (const f of inline[1] as string) flags.add(f);
    source = source.slice(inline[0].length);
  }
  return new RegExp(source, [...flags].join(''));
}

export function createJsSearchEngine(workspace: WorkspaceGuard): SearchEngine {
  return {
    name: 'js',
    async search(query: SearchQuery): Promise<SearchOutcome> {
      let regex: RegExp;
      try {
        regex = toJsRegExp(query.pattern);
      } catch (err) {
        return { kind: 'bad_pattern', message: (err as Error).message };
      }
      // A cheap whole-file test first: most files have no match at all.
      const anywhere = new RegExp(regex.source, `${regex.flags}m`);

      const files: string[] = [];
      if (query.baseIsFile) {
        files.push(query.base);
      } else {
        const glob = query.glob ? compileGlob(query.glob) : null;
        await walkWorkspace(workspace, query.base, {
          signal: query.signal,
          onEntry(entry) {
            if (!entry.isFile) return;
            if (glob && !glob.matches(entry.rel)) return;
            files.push(entry.abs);
          },
        });
      }

      const lines: string[] = [];
      let sliceStart = Date.now();
      for (const file of files) {
        if (Date.now() - sliceStart > SLICE_MS) {
          await yieldToEventLoop();
          sliceStart = Date.now();
          if (query.signal.aborted) return { kind: 'error', message: 'cancelled' };
        }
        const text = readSearchable(file);
        if (text === null || !anywhere.test(text)) continue;
        const rel = workspace.relative(file);
        const fileLines = text.split('\n');
        if (fileLines[fileLines.length - 1] === '') fileLines.pop();
        for (let n = 0; n < fileLines.length; n++) {
          const line = fileLines[n] as string;
          if (!regex.test(line)) continue;
          if (lines.length === query.maxMatches) return { kind: 'matches', lines, truncated: true };
          lines.push(matchLine(`${rel}:${n + 1}:${line}`));
        }
      }
      return { kind: 'matches', lines, truncated: false };
    },
  };
}

/** The file's text, or null when it is not a regular text file small enough to search. */
function readSearchable(file: string): string | null {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer (no effect on regular files).
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    return null;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile() || info.size > MAX_SEARCH_FILE_BYTES) return null;
    const bytes = Buffer.allocUnsafe(info.size);
    let read = 0;
    while (read < info.size) {
      const n = readSync(fd, bytes, read, info.size - read, read);
      if (n === 0) break;
      read += n;
    }
    const content = bytes.subarray(0, read);
    return looksBinary(content) ? null : content.toString('utf8');
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
