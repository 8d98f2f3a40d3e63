// The search engine used when ripgrep is installed: fast on large trees, the same .gitignore
// rules as the walk list_files does (hidden files included, .git and node_modules skipped,
// gitignore honoured with or without a git repository, no user config or global excludes).
import { StringDecoder } from 'node:string_decoder';

import { execa } from 'execa';

import { MAX_SEARCH_FILE_BYTES, matchLine, type SearchEngine, type SearchOutcome, type SearchQuery } from './searchTypes.js';
import type { WorkspaceGuard } from './WorkspaceGuard.js';

const RG_TIMEOUT_MS = 60_000;

let available: Promise<boolean> | undefined;

/** Whether `rg` runs on this machine (checked once). */
export function ripgrepAvailable(rgPath = 'rg'): Promise<boolean> {
  if (rgPath !== 'rg') return probe(rgPath);
  available ??= probe(rgPath);
  return available;
}

async function probe(rgPath: string): Promise<boolean> {
  try {
    const result = await execa(rgPath, ['--version'], { reject: false, timeout: 5000, stdin: 'ignore' });
    return result.exitCode === 0 && /^ripgrep /.test(result.stdout);
  } catch {
    return false;
  }
}

export function ripgrepArgs(query: SearchQuery): string[] {
  const args = [
    '--no-config',
    '--line-number',
    '--with-filename',
    '--no-heading',
    '--color=never',
    '--hidden',
    '--no-require-git',
    '--no-ignore-global',
    '--sort=path',
    `--max-filesize=${MAX_SEARCH_FILE_BYTES}`,
    '--max-columns=4000',
    '--max-columns-preview',
    '--glob=!.git',
    '--glob=!node_modules',
  ];
  if (query.glob !== null && !query.baseIsFile) args.push(`--glob=${query.glob}`);
  args.push('--regexp', query.pattern, '--');
  if (query.baseRel !== '.') args.push(query.baseRel);
  return args;
}

export function createRipgrepEngine(workspace: WorkspaceGuard, rgPath = 'rg'): SearchEngine {
  return {
    name: 'ripgrep',
    async search(query: SearchQuery): Promise<SearchOutcome> {
      const subprocess = execa(rgPath, ripgrepArgs(query), {
        cwd: workspace.root,
        // Not a pipe: ripgrep searches stdin instead of the tree when stdin is a file or a pipe.
        stdin: 'ignore',
        buffer: { stdout: false, stderr: true },
        reject: false,
        timeout: RG_TIMEOUT_MS,
        cancelSignal: query.signal,
      });
      const lines: string[] = [];
      let truncated = false;
      if (subprocess.stdout) {
        // Split on \n only (as ripgrep does): a lone \r inside a line stays part of it.
        const decoder = new StringDecoder('utf8');
        let partial = '';
        for await (const chunk of subprocess.stdout) {
          const pieces = (partial + decoder.write(chunk as Buffer)).split('\n');
          partial = pieces.pop() as string;
          for (const line of pieces) {
            if (lines.length === query.maxMatches) {
              truncated = true;
              break;
            }
            lines.push(matchLine(line));
          }
          if (truncated) {
            subprocess.kill();
            break;
          }
        }
        partial += decoder.end();
        if (!truncated && partial !== '') {
          if (lines.length === query.maxMatches) truncated = true;
          else lines.push(matchLine(partial));
        }
      }
      const result = await subprocess;
      if (truncated) return { kind: 'matches', lines, truncated };
      if (result.isCanceled) return { kind: 'error', message: 'cancelled' };
      if (result.timedOut) return { kind: 'error', message: `ripgrep took longer than ${RG_TIMEOUT_MS / 1000} s` };
      // 0: matches, 1: none, 2: an error (which may come with matches, e.g. an unreadable file).
      if (result.exitCode === 0 || result.exitCode === 1 || lines.length > 0) {
        return { kind: 'matches', lines, truncated: false };
      }
      const stderr = String(result.stderr ?? '').trim();
      if (/regex parse error|error parsing regex|regex.*error/i.test(stderr)) {
        return { kind: 'bad_pattern', message: stderr };
      }
      return { kind: 'error', message: stderr || result.shortMessage || `ripgrep exited with code ${result.exitCode}` };
    },
  };
}
