// What the two search engines (ripgrep and the JavaScript fallback) share: the query, the result
// and the one way a match line is written, so both produce the same output for the same tree.

export interface SearchQuery {
  /** The regular expression, as the model wrote it. */
  pattern: string;
  /** Absolute real path of the file or directory to search. */
  base: string;
  /** `base` relative to the workspace root ('.' for the root). */
  baseRel: string;
  baseIsFile: boolean;
  glob: string | null;
  /** Stop after this many matching lines. */
  maxMatches: number;
  signal: AbortSignal;
}

export type SearchOutcome =
  /** `lines` are `path:line:text`; `truncated` when more matches exist than were collected. */
  | { kind: 'matches'; lines: string[]; truncated: boolean }
  /** The pattern is not a valid regular expression for this engine. */
  | { kind: 'bad_pattern'; message: string }
  | { kind: 'error'; message: string };

export interface SearchEngine {
  readonly name: 'ripgrep' | 'js';
  search(query: SearchQuery): Promise<SearchOutcome>;
}

/** Files larger than this are not searched (ripgrep's --max-filesize 2M). */
export const MAX_SEARCH_FILE_BYTES = 2 * 1024 * 1024;
/** Longer match lines are cut: a minified file must not flood the output. */
export const MAX_MATCH_LINE_CHARS = 400;

/** One output line for a match: `path:line:text`, without a trailing \r, cut when very long. */
export function matchLine(line: string): string {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (text.length <= MAX_MATCH_LINE_CHARS) return text;
  return `${text.slice(0, MAX_MATCH_LINE_CHARS)}… [line cut]`;
}
