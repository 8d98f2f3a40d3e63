// How many tokens of input each known model takes: the figure the service enforces (a request
// over it fails with `context_length_exceeded`) and the one the context meter and automatic
// compaction measure against. For the GPT-5 family that is the input budget, 272k of the 400k
// window (128k stay reserved for output), as Codex counts it; for the others the published window.
// Shared by the client and the simulator, so both agree on what fits.

/** Exact names first, then prefixes (the longest that matches wins). */
const EXACT: Record<string, number> = {
  'gpt-5-chat-latest': 128_000,
  'gpt-4o': 128_000,
  'gpt-4o-mini': 128_000,
  o3: 200_000,
  'o3-mini': 200_000,
  'o4-mini': 200_000,
};

const PREFIXES: ReadonlyArray<readonly [string, number]> = [
  // The GPT-6 family is the simulator's steerable model: the GPT-5 budget.
  ['gpt-6', 272_000],
  ['gpt-5', 272_000],
  ['gpt-4.1', 1_047_576],
  ['gpt-4o', 128_000],
  ['o4-mini', 200_000],
  ['o3', 200_000],
];

/** The model's context window in tokens, or null for a model this table does not know. */
export function knownContextWindow(model: string): number | null {
  const exact = EXACT[model];
  if (exact !== undefined) return exact;
  let best: readonly [string, number] | null = null;
  for (const entry of PREFIXES) {
    if (model.startsWith(entry[0]) && (best === null || entry[0].length > best[0].length)) best = entry;
  }
  return best ? best[1] : null;
}
