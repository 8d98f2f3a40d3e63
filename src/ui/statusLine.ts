// The status bar's content as styled segments joined by " · ", on one line that fits the width:
// when the terminal is too narrow for every field, the least important ones are shortened or
// dropped first (bytes sent, the cached-token figure, request time, reconnects while there are none, turn time, time to
// first token, the tokens, the sandbox), then the model name is cut; the connection state, the
// model and the approval mode stay. Pure: the component only paints it.
import { contextMeterText, contextMeterTone } from './contextText.js';
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
/** The model name is never cut shorter than this (the line is cut by Ink below ~45 columns). */
const MODEL_MIN = 8;

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;
}

/**
 * One field of the bar: its forms from the longest to the shortest, and how much it matters (0
 * most); `shortenRank` ranks giving up the longer forms (the cached-token detail goes early).
 */
interface Field {
  forms: Segment[];
  rank: number;
  shortenRank?: number;
}

function fields(status: StatusFigures, now: number): Field[] {
  const age = status.connection === 'open' && status.openedAt !== null ? ` ${formatAge(now - status.openedAt)}` : '';
  const request = status.lastRequest;
  const { tokens } = status;
  const tok = (n: number): string => formatTokens(n);
  // Nothing is counted before the first request is sent: a dash, as for the timings.
  const noTokens = status.requests === 0 && tokens.input === 0 && tokens.output === 0;
  return [
    {
      rank: 0,
      forms: [
        [{ text: `${status.transport} ` }, { text: `● ${status.connection}`, tone: CONNECTION_TONE[status.connection] }, { text: age }],
        [{ text: `${status.transport} ` }, { text: `● ${status.connection}`, tone: CONNECTION_TONE[status.connection] }],
      ],
    },
    { rank: 5, forms: [[{ text: `ttft ${formatMs(request?.ttftMs)}` }]] },
    { rank: 8, forms: [[{ text: `req ${formatMs(request?.totalMs)}` }]] },
    { rank: 6, forms: [[{ text: `turn ${formatMs(status.lastTurn?.wallMs)}` }]] },
    {
      rank: 4,
      shortenRank: 8.5,
      forms: noTokens
        ? [[{ text: 'tok –' }]]
        : [
            [{ text: `tok ${tok(tokens.input)} in / ${tok(tokens.cached)} cached / ${tok(tokens.output)} out` }],
            [{ text: `tok ${tok(tokens.input)} in / ${tok(tokens.output)} out` }],
          ],
    },
    { rank: 9, forms: [[{ text: `↑ ${request ? formatBytes(request.bytesUp) : '–'}` }]] },
    // How full the context is: it matters more as it fills (compaction comes at the threshold).
    ...(status.context ? [contextField(status.context)] : []),
    // Reconnects matter once there are any.
    { rank: status.reconnects > 0 ? 3 : 7, forms: [[{ text: `↻ ${status.reconnects}`, ...(status.reconnects > 0 && { tone: 'yellow' as const }) }]] },
    // Sub-agents on lanes of the socket, while any run.
    // Steers the model has not seen yet, while any are held.
    ...(status.steers ? [{ rank: 3.2, forms: [[{ text: `steers ${status.steers}`, tone: 'cyan' as const }]] }] : []),
    ...(status.lanes ? [{ rank: 3.5, forms: [[{ text: `lanes ${status.lanes}`, tone: 'cyan' as const }]] }] : []),
    { rank: 1, forms: [[{ text: truncate(status.model, MODEL_MAX), bold: true }]] },
    { rank: 2, forms: [[{ text: status.approval, tone: 'magenta' }]] },
    // Plan first: the mode stays in view while it limits the tools.
    ...(status.mode && status.mode !== 'normal' ? [{ rank: 1.5, forms: [[{ text: `${status.mode} mode`, tone: 'cyan' as const, bold: true }]] }] : []),
    // Where commands run: after the approval mode, which it qualifies; it goes before the model is cut.
    ...(status.sandbox ? [{ rank: 2.2, shortenRank: 8.7, forms: sandboxForms(status.sandbox) }] : []),
    // A failed MCP server is shown until /mcp is looked at; the hint gives way before the count.
    ...(status.mcpFailures
      ? [
          {
            rank: 2.5,
            shortenRank: 7.5,
            forms: [[{ text: `mcp ✗${status.mcpFailures} (/mcp)`, tone: 'red' as const }], [{ text: `mcp ✗${status.mcpFailures}`, tone: 'red' as const }]],
          },
        ]
      : []),
  ];
}

function contextField(context: NonNullable<StatusFigures['context']>): Field {
  const tone = contextMeterTone(context.percent);
  return { rank: tone ? 3.1 : 4.5, forms: [[{ text: contextMeterText(context), ...(tone && { tone }) }]] };
}

/** The sandbox field, long form first. Unconfined commands are coloured: that is worth noticing. */
function sandboxForms(sandbox: string): Segment[] {
  switch (sandbox) {
    case 'none':
      return [[{ text: 'no sandbox (commands ask)', tone: 'yellow' }], [{ text: 'no sandbox', tone: 'yellow' }]];
    case 'danger-full-access':
      return [[{ text: 'danger-full-access', tone: 'red' }], [{ text: 'full access', tone: 'red' }]];
    default:
      return [[{ text: `sandbox ${sandbox}` }], [{ text: sandbox }]];
  }
}

export function segmentWidth(segment: Segment): number {
  return segment.reduce((n, span) => n + [...span.text].length, 0);
}

function lineWidth(segments: Segment[]): number {
  return segments.reduce((n, s, i) => n + segmentWidth(s) + (i > 0 ? SEPARATOR.length : 0), 0);
}

/** The segments of the bar that fit in `width` columns, in their display order. */
export function statusSegments(status: StatusFigures, now: number, width = Infinity): Segment[] {
  const all = fields(status, now);
  // Index of the form each field shows; -1 once dropped.
  const form = all.map(() => 0);
  const shown = (): Segment[] => all.flatMap((f, i) => (form[i]! >= 0 ? [f.forms[form[i]!]!] : []));
  const steps = all.flatMap((f, i) => [...(f.shortenRank !== undefined ? [{ rank: f.shortenRank, i, drop: false }] : []), { rank: f.rank, i, drop: true }]);
  steps.sort((a, b) => b.rank - a.rank);
  for (const { rank, i, drop } of steps) {
    if (lineWidth(shown()) <= width) return shown();
    if (rank <= 2) break; // the connection, the model and the approval mode stay; the model is cut instead
    form[i] = drop ? -1 : all[i]!.forms.length - 1;
  }
  let segments = shown();
  const over = lineWidth(segments) - width;
  if (over > 0) {
    // The connection's age goes first, then the model name is cut to what is left.
    form[0] = 1;
    segments = shown();
    const still = lineWidth(segments) - width;
    if (still > 0) {
      const modelField = all.findIndex((f) => f.rank === 1);
      const modelAt = all.slice(0, modelField).filter((_, i) => form[i]! >= 0).length;
      const model = segments[modelAt]![0]!;
      const max = Math.max(MODEL_MIN, [...model.text].length - still);
      segments[modelAt] = [{ ...model, text: truncate(status.model, max) }];
    }
  }
  return segments;
}

/** The status bar as a plain text line (for tests and logs). */
export function statusText(status: StatusFigures, now: number, width: number): string {
  return statusSegments(status, now, width)
    .map((seg) => seg.map((s) => s.text).join(''))
    .join(SEPARATOR);
}
