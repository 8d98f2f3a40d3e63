// The status bar's content as styled segments joined by " · ", wrapped greedily to the width so it
// fits 80 columns (two lines there) and narrower terminals too. Pure: the component only paints it.
import { formatAge, formatBytes, formatMs, formatTokens } from './format.js';
import type { Tone } from './theme.js';
import type { ConnectionState, StatusFigures } from './uiTypes.js';

export interface Span {
  text: string;
  tone?: Tone;
  bold?: boolean;
  dim?: boolean;
}

export type Segment = Span[];

export const SEPARATOR = ' · ';

export const CONNECTION_TONE: Record<ConnectionState, Tone> = {
  open: 'green',
  reconnecting: 'yellow',
  closed: 'red',
  connecting: 'cyan',
};

const MODEL_MAX = 28;

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function statusSegments(status: StatusFigures, now: number): Segment[] {
  const age = status.connection === 'open' && status.openedAt !== null ? ` ${formatAge(now - status.openedAt)}` : '';
  const request = status.lastRequest;
  const { tokens } = status;
  return [
    [
      { text: `${status.transport} ` },
      { text: `● ${status.connection}`, tone: CONNECTION_TONE[status.connection] },
      { text: age },
    ],
    [{ text: `ttft ${formatMs(request?.ttftMs)}` }],
    [{ text: `req ${formatMs(request?.totalMs)}` }],
    [{ text: `turn ${formatMs(status.lastTurn?.wallMs)}` }],
    [{ text: `tok ${formatTokens(tokens.input)} in / ${formatTokens(tokens.cached)} cached / ${formatTokens(tokens.output)} out` }],
    [{ text: `↑ ${request ? formatBytes(request.bytesUp) : '–'}` }],
    [{ text: `↻ ${status.reconnects}`, ...(status.reconnects > 0 && { tone: 'yellow' as const }) }],
    [{ text: truncate(status.model, MODEL_MAX), bold: true }],
    [{ text: status.approval, tone: 'magenta' }],
    ...(status.mcpFailures ? [[{ text: `mcp ✗${status.mcpFailures} (/mcp)`, tone: 'red' as const }]] : []),
  ];
}

export function segmentWidth(segment: Segment): number {
  return segment.reduce((n, span) => n + [...span.text].length, 0);
}

/** Greedy wrap: as many segments per line as fit in `width` with their separators. */
export function wrapSegments(segments: Segment[], width: number): Segment[][] {
  const lines: Segment[][] = [];
  let line: Segment[] = [];
  let used = 0;
  for (const segment of segments) {
    const w = segmentWidth(segment);
    const needed = line.length === 0 ? w : used + SEPARATOR.length + w;
    if (line.length > 0 && needed > width) {
      lines.push(line);
      line = [segment];
      used = w;
    } else {
      line.push(segment);
      used = needed;
    }
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

/** The status bar as plain text lines (for tests and logs). */
export function statusText(status: StatusFigures, now: number, width: number): string[] {
  return wrapSegments(statusSegments(status, now), width).map((line) => line.map((seg) => seg.map((s) => s.text).join('')).join(SEPARATOR));
}
