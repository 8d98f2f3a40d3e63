// bench/results/latest.json is written by several parts of the benchmark run at different times
// (the full table, --parallel, --first-frame, --long, and parts added later). Each part merges
// what it measured into the file and leaves every other section, and every row it did not
// re-measure, as it was: a partial run never drops another section's rows.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type Row = Record<string, unknown>;
export type Results = Record<string, unknown> & { runs?: Row[] };

/** A run row is identified by its scenario, profile and mode: a new measurement replaces the old row. */
const rowKey = (row: Row): string => `${String(row.scenario)}|${String(row.profile)}|${String(row.mode)}`;

/**
 * `existing` with `update` merged in: `update.runs` replace the rows with the same key (the others
 * stay, in their order, new ones follow); every other section of `update` replaces that section;
 * sections `update` does not name are kept.
 */
export function mergeResults(existing: Results, update: Results): Results {
  const merged: Results = { ...existing, ...update };
  if (update.runs) {
    const fresh = new Map(update.runs.map((row) => [rowKey(row), row]));
    const kept = (existing.runs ?? []).map((row) => fresh.get(rowKey(row)) ?? row);
    const keptKeys = new Set(kept.map(rowKey));
    merged.runs = [...kept, ...update.runs.filter((row) => !keptKeys.has(rowKey(row)))];
  }
  return merged;
}

/** Merges `update` into the JSON file (created when missing; an unreadable one starts afresh). */
export function mergeResultsFile(file: string, update: Results): Results {
  let existing: Results = {};
  if (existsSync(file)) {
    try {
      existing = JSON.parse(readFileSync(file, 'utf8')) as Results;
    } catch {
      existing = {};
    }
  }
  const merged = mergeResults(existing, update);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
  return merged;
}
