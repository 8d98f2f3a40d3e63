// The search engine used when ripgrep is not installed: walks the workspace with the same
// .gitignore rules as list_files and tests each line of each text file with a JavaScript RegExp.
import { readFile, stat } from 'node:fs/promises';

import { compileGlob } from './glob.js';
import { MAX_SEARCH_FILE_BYTES, matchLine, type SearchEngine, type SearchOutcome, type SearchQuery } from './searchTypes.js';
import { looksBinary } from './textFile.js';
import type { WorkspaceGuard } from './WorkspaceGuard.js';
import { walkWorkspace } from './walkWorkspace.js';

/** Files read at once. */
const CONCURRENCY = 32;

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
            if (entry.isDirectory || entry.isSymlink) return;
            if (glob && !glob.matches(entry.rel)) return;
            files.push(entry.abs);
          },
        });
      }

      const lines: string[] = [];
      for (let i = 0; i < files.length; i += CONCURRENCY) {
        if (query.signal.aborted) return { kind: 'error', message: 'cancelled' };
        const batch = files.slice(i, i + CONCURRENCY);
        const texts = await Promise.all(batch.map((file) => readSearchable(file)));
        for (let j = 0; j < batch.length; j++) {
          const text = texts[j];
          if (text === null || text === undefined || !anywhere.test(text)) continue;
          const rel = workspace.relative(batch[j] as string);
          const fileLines = text.split('\n');
          if (fileLines[fileLines.length - 1] === '') fileLines.pop();
          for (let n = 0; n < fileLines.length; n++) {
            const line = fileLines[n] as string;
            if (!regex.test(line)) continue;
            if (lines.length === query.maxMatches) return { kind: 'matches', lines, truncated: true };
            lines.push(matchLine(`${rel}:${n + 1}:${line}`));
          }
        }
      }
      return { kind: 'matches', lines, truncated: false };
    },
  };
}

async function readSearchable(file: string): Promise<string | null> {
  try {
    const info = await stat(file);
    if (!info.isFile() || info.size > MAX_SEARCH_FILE_BYTES) return null;
    const bytes = await readFile(file);
    return looksBinary(bytes) ? null : bytes.toString('utf8');
  } catch {
    return null;
  }
}
