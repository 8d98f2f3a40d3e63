import { describe, expect, test } from 'vitest';
import { formatAge, formatBytes, formatMs, formatTokens } from '../../src/ui/format.js';
import { statusText } from '../../src/ui/statusLine.js';
import { statusReport } from '../../src/ui/statusReport.js';
import { initialUiState } from '../../src/ui/uiState.js';
import type { StatusFigures } from '../../src/ui/uiTypes.js';
import { busyStatus, testInfo } from './fakeController.js';

describe('format', () => {
  test('durations', () => {
    expect(formatMs(412.4)).toBe('412 ms');
    expect(formatMs(1300)).toBe('1.3 s');
    expect(formatMs(42_000)).toBe('42 s');
    expect(formatMs(123_000)).toBe('2m03s');
    expect(formatMs(null)).toBe('–');
  });
  test('ages', () => {
    expect(formatAge(45_900)).toBe('45s');
    expect(formatAge(723_000)).toBe('12m03s');
    expect(formatAge(3_720_000)).toBe('1h02m');
  });
  test('tokens and bytes', () => {
    expect(formatTokens(890)).toBe('890');
    expect(formatTokens(12_345)).toBe('12.3k');
    expect(formatTokens(2_500_000)).toBe('2.5M');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1229)).toBe('1.2 KiB');
  });
});

describe('status line', () => {
  const FULL = 'ws ● open 12m03s · ttft 412 ms · req 1.3 s · turn 8.2 s · tok 12.3k in / 10.1k cached / 890 out · ↑ 1.2 KiB · ↻ 1 · gpt-5.2 · suggest';

  test('shows every figure the issue lists on one line when there is room', () => {
    expect(statusText(busyStatus(), 723_000, 250)).toBe(FULL);
    expect(statusText(busyStatus(), 723_000, [...FULL].length)).toBe(FULL);
  });

  test('drops the least important fields first as the terminal narrows', () => {
    expect(statusText(busyStatus(), 723_000, 121)).toBe(
      'ws ● open 12m03s · ttft 412 ms · req 1.3 s · turn 8.2 s · tok 12.3k in / 10.1k cached / 890 out · ↻ 1 · gpt-5.2 · suggest',
    );
    expect(statusText(busyStatus(), 723_000, 120)).toBe(
      'ws ● open 12m03s · ttft 412 ms · req 1.3 s · turn 8.2 s · tok 12.3k in / 890 out · ↻ 1 · gpt-5.2 · suggest',
    );
    expect(statusText(busyStatus(), 723_000, 81)).toBe('ws ● open 12m03s · ttft 412 ms · tok 12.3k in / 890 out · ↻ 1 · gpt-5.2 · suggest');
    expect(statusText(busyStatus(), 723_000, 80)).toBe('ws ● open 12m03s · tok 12.3k in / 890 out · ↻ 1 · gpt-5.2 · suggest');
    expect(statusText(busyStatus(), 723_000, 60)).toBe('ws ● open 12m03s · ↻ 1 · gpt-5.2 · suggest');
  });

  const wide: StatusFigures = {
    ...busyStatus(),
    connection: 'reconnecting',
    transport: 'http',
    model: 'a-very-long-model-name-that-goes-on-and-on-2026-01-01',
    approval: 'full-auto',
    tokens: { input: 999_999_999, cached: 999_999_999, output: 999_999_999 },
    reconnects: 123,
    lastRequest: { mode: 'full', transport: 'http', ttftMs: 9_999, totalMs: 599_000, bytesUp: 999_999_999, bytesDown: 0 },
  };

  test('every width from 60 to 250 fits on one line and keeps connection, model and approval', () => {
    for (const status of [busyStatus(), wide, initialUiState(testInfo).status]) {
      let previous = 0;
      for (let width = 60; width <= 250; width++) {
        const line = statusText(status, 723_000, width);
        expect([...line].length, `width ${width}: ${line}`).toBeLessThanOrEqual(width);
        expect(line).toMatch(new RegExp(`^${status.transport} ● ${status.connection}`));
        expect(line).toContain(status.approval);
        expect(line).toContain(status.model.slice(0, 8));
        // A wider terminal never shows less.
        expect(line.split(' · ').length).toBeGreaterThanOrEqual(previous);
        previous = line.split(' · ').length;
      }
    }
  });

  test('a long model name is cut before the approval mode goes', () => {
    const line = statusText(wide, 0, 60);
    expect(line).toBe('http ● reconnecting · a-very-long-model-name-th… · full-auto');
  });

  test('no age unless open; placeholders before the first request', () => {
    const s = initialUiState({ ...testInfo, connection: { transport: 'ws', state: 'connecting', openedAt: null, reconnects: 0 } });
    expect(statusText(s.status, 1000, 200)).toBe('ws ● connecting · ttft – · req – · turn – · tok – · ↑ – · ↻ 0 · gpt-5.2 · suggest');
  });

  test('the sandbox follows the approval mode; unconfined commands say so [issue 19]', () => {
    const base = busyStatus();
    const line = (sandbox: string, width: number) => statusText({ ...base, sandbox }, 723_000, width);
    expect(line('workspace-write', 250)).toBe(`${FULL} · sandbox workspace-write`);
    expect(line('workspace-write', 80)).toBe('ws ● open 12m03s · ↻ 1 · gpt-5.2 · suggest · workspace-write');
    expect(line('none', 250)).toBe(`${FULL} · no sandbox (commands ask)`);
    expect(line('danger-full-access', 60)).toBe('ws ● open 12m03s · ↻ 1 · gpt-5.2 · suggest · full access');
    for (let width = 60; width <= 250; width++) {
      const text = line('read-only', width);
      expect([...text].length, `width ${width}: ${text}`).toBeLessThanOrEqual(width);
      expect(text).toContain('suggest');
    }
  });

  test('tokens before the first request: a dash, however the figures came [issue 19]', () => {
    const s = initialUiState(testInfo);
    expect(statusText(s.status, 0, 200)).toContain('· tok – ·');
    expect(statusReport(s.status, 0)).toMatch(/tokens\s+none yet \(counted once a request is sent\)/);
    expect(statusReport({ ...s.status, sandbox: 'none' }, 0)).toMatch(/sandbox\s+none \(no sandbox could be had: every command asks first\)/);
  });
});

describe('context meter [issue 24.6]', () => {
  const withContext = (tokens: number, window: number | null): StatusFigures => ({
    ...busyStatus(),
    context: { tokens, window, percent: window ? Math.round((tokens / window) * 100) : null },
  });

  test('ctx N % of a known window, after the tokens; tokens only when the window is unknown', () => {
    expect(statusText(withContext(168_640, 272_000), 723_000, 250)).toBe(
      'ws ● open 12m03s · ttft 412 ms · req 1.3 s · turn 8.2 s · tok 12.3k in / 10.1k cached / 890 out · ↑ 1.2 KiB · ctx 62 % · ↻ 1 · gpt-5.2 · suggest',
    );
    expect(statusText(withContext(41_200, null), 723_000, 250)).toContain(' · ctx 41k · ');
    // No meter before the first response.
    expect(statusText(busyStatus(), 723_000, 250)).not.toContain('ctx');
    expect(statusReport(withContext(168_640, 272_000), 723_000)).toMatch(/context\s+168,640 of 272,000 tokens \(62 %\)/);
  });

  test('a filling context outlasts the other figures as the terminal narrows', () => {
    const calm = statusText(withContext(100_000, 272_000), 723_000, 70);
    const full = statusText(withContext(250_000, 272_000), 723_000, 70);
    expect(calm).not.toContain('ctx');
    expect(full).toContain('ctx 92 %');
  });
});

test('/status report spells everything out', () => {
  const report = statusReport(busyStatus(), 723_000);
  expect(report).toContain('session       sess_1');
  expect(report).toMatch(/connection\s+ws open, open for 12m03s · reconnects 1/);
  expect(report).toMatch(/last request\s+incremental over ws · first token 412 ms · total 1.3 s · sent 1.2 KiB/);
  expect(report).toMatch(/last turn\s+#1 completed · 8.2 s · 2 requests · tools 1.2 s · client overhead 3 ms/);
  expect(report).toMatch(/tokens\s+12,300 input · 10,100 cached \(82% of input\) · 890 output/);
});

test('/status shows what the tool definitions add to every request, MCP servers included', () => {
  const report = statusReport(busyStatus(), 723_000, { tools: 115, toolBytes: 60_000, mcpTools: 100, mcpBytes: 35_000 });
  expect(report).toMatch(/request size\s+tool definitions 58.6 KiB in every request \(115 tools; MCP 100 tools, 34.2 KiB\)/);
  expect(statusReport(busyStatus(), 723_000)).not.toContain('request size');
});
