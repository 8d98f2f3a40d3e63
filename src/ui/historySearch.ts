// Ctrl-R: reverse incremental search through prompt history, as pure functions. The query grows as
// the user types; the match is the newest entry containing it (case-insensitive) at or before the
// current one; Ctrl-R again steps to an older match.

export interface HistorySearch {
  query: string;
  /** Index into history of the entry shown, or null when nothing matches. */
  match: number | null;
  /** The query found nothing (the entry shown, if any, is the last one that matched). */
  failed: boolean;
}

function find(history: readonly string[], query: string, from: number): number | null {
  const q = query.toLowerCase();
  for (let i = Math.min(from, history.length - 1); i >= 0; i--) if (history[i]!.toLowerCase().includes(q)) return i;
  return null;
}

export function startSearch(history: readonly string[]): HistorySearch {
  return { query: '', match: history.length > 0 ? history.length - 1 : null, failed: false };
}

export function typeInSearch(search: HistorySearch, history: readonly string[], text: string): HistorySearch {
  const query = search.query + text;
  const match = find(history, query, search.match ?? history.length - 1);
  return match === null ? { query, match: search.match, failed: true } : { query, match, failed: false };
}

export function backspaceInSearch(search: HistorySearch, history: readonly string[]): HistorySearch {
  const query = [...search.query].slice(0, -1).join('');
  const match = find(history, query, history.length - 1);
  return { query, match, failed: match === null };
}

/** Ctrl-R again: the next older entry that matches. */
export function olderMatch(search: HistorySearch, history: readonly string[]): HistorySearch {
  if (search.match === null || search.match === 0) return { ...search, failed: search.match === null };
  const match = find(history, search.query, search.match - 1);
  return match === null ? { ...search, failed: true } : { ...search, match, failed: false };
}

export function searchResult(search: HistorySearch, history: readonly string[]): string {
  return search.match === null ? '' : (history[search.match] ?? '');
}
