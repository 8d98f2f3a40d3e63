// "Did you mean …?" for a mistyped name: the known name fewest edits away, when it is close enough
// to be a typo rather than a different word.
import { closest, distance } from 'fastest-levenshtein';

/** The candidate nearest to `typed` (case-insensitive), or null when none is within a typo's reach. */
export function nearestName(typed: string, candidates: readonly string[]): string | null {
  if (candidates.length === 0 || typed === '') return null;
  const lower = typed.toLowerCase();
  const best = closest(
    lower,
    candidates.map((c) => c.toLowerCase()),
  );
  const allowed = Math.max(2, Math.floor(typed.length / 3));
  if (distance(lower, best) > allowed) return null;
  return candidates.find((c) => c.toLowerCase() === best) ?? null;
}
