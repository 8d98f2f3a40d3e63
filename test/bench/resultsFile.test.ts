// bench/results/latest.json is written by the parts of the benchmark at different times: a part
// merges what it measured and keeps every other section and row (issue 22, item 11: the
// parallel-review rows went missing when the full table was rewritten).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mergeResultsFile } from '../../bench/resultsFile.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function resultsFile(content?: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'wsagent-bench-results-'));
  dirs.push(dir);
  const file = join(dir, 'latest.json');
  if (content !== undefined) writeFileSync(file, JSON.stringify(content));
  return file;
}

const row = (scenario: string, profile: string, mode: string, e2e: number) => ({ scenario, profile, mode, e2e_ms_median: e2e });

describe('merging benchmark results', () => {
  it('a partial table run replaces only the rows it measured and keeps the other parts’ sections', () => {
    const file = resultsFile({
      generated_at: 'earlier',
      runs: [row('coding-5', 'wan', 'ws', 100), row('coding-25', 'fast', 'ws', 200), row('parallel-review', 'wan', 'lanes', 300)],
      startup: { first_frame_ms_median: 380 },
      long: { rss_growth_mb: 40 },
      steer: [{ kind: 'a row another part wrote' }],
    });
    mergeResultsFile(file, { generated_at: 'now', runs: [row('coding-5', 'wan', 'ws', 90), row('coding-50', 'wan', 'ws', 400)], wire: [{ family: 'gpt-5' }] });
    const merged = JSON.parse(readFileSync(file, 'utf8'));
    expect(merged.runs).toEqual([
      row('coding-5', 'wan', 'ws', 90),
      row('coding-25', 'fast', 'ws', 200),
      row('parallel-review', 'wan', 'lanes', 300),
      row('coding-50', 'wan', 'ws', 400),
    ]);
    expect(merged).toMatchObject({
      generated_at: 'now',
      startup: { first_frame_ms_median: 380 },
      long: { rss_growth_mb: 40 },
      steer: [{ kind: 'a row another part wrote' }],
      wire: [{ family: 'gpt-5' }],
    });
  });

  it('a part without rows (first frame, long session) leaves every row; a missing or unreadable file starts afresh', () => {
    const file = resultsFile({ runs: [row('parallel-review', 'fast', 'lanes', 1)] });
    mergeResultsFile(file, { long: { rss_growth_mb: 30 } });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ runs: [row('parallel-review', 'fast', 'lanes', 1)], long: { rss_growth_mb: 30 } });

    const fresh = resultsFile();
    mergeResultsFile(fresh, { startup: { node_ms_median: 150 } });
    expect(JSON.parse(readFileSync(fresh, 'utf8'))).toEqual({ startup: { node_ms_median: 150 } });
    const broken = resultsFile();
    writeFileSync(broken, '{ half a file');
    mergeResultsFile(broken, { runs: [row('coding-5', 'local', 'ws', 5)] });
    expect(JSON.parse(readFileSync(broken, 'utf8'))).toEqual({ runs: [row('coding-5', 'local', 'ws', 5)] });
  });
});
