// The detailed /status block: everything the status bar abbreviates, spelled out. Pure.
import { formatAge, formatBytes, formatCount, formatMs } from './format.js';
import type { RequestFootprint } from './AgentController.js';
import type { StatusFigures } from './uiTypes.js';

function sandboxText(sandbox: string): string {
  switch (sandbox) {
    case 'workspace-write':
      return 'workspace-write (commands run in bubblewrap, writing only the workspace and a private /tmp)';
    case 'read-only':
      return 'read-only (commands run in bubblewrap and can write nothing)';
    case 'danger-full-access':
      return 'danger-full-access (commands run unconfined, as you)';
    case 'none':
      return 'none (no sandbox could be had: every command asks first)';
    default:
      return sandbox;
  }
}

/** `168,640 of 272,000 tokens (62 %)`: the latest response's input + output against the model's window. */
function contextRow(context: NonNullable<StatusFigures['context']>): string {
  if (context.window === null) return `${formatCount(context.tokens)} tokens (the model's window is unknown: setting contextWindow)`;
  return `${formatCount(context.tokens)} of ${formatCount(context.window)} tokens (${context.percent} %)`;
}

export function statusReport(status: StatusFigures, now: number, footprint: RequestFootprint | null = null): string {
  const { tokens, lastRequest: request, lastTurn: turn } = status;
  const age = status.connection === 'open' && status.openedAt !== null ? `, open for ${formatAge(now - status.openedAt)}` : '';
  const cachedShare = tokens.input > 0 ? ` (${Math.round((tokens.cached / tokens.input) * 100)}% of input)` : '';
  const rows: Array<[string, string]> = [
    ['session', `${status.sessionId || '–'}`],
    ['directory', status.cwd || '–'],
    ['model', status.model],
    ['approval', status.approval],
    ...(status.sandbox ? [['sandbox', sandboxText(status.sandbox)] as [string, string]] : []),
    [
      'connection',
      `${status.transport} ${status.connection}${age}${status.connectionReason ? ` (${status.connectionReason})` : ''} · reconnects ${status.reconnects}`,
    ],
    [
      'last request',
      request
        ? `${request.mode} over ${request.transport} · first token ${formatMs(request.ttftMs)} · total ${formatMs(request.totalMs)} · sent ${formatBytes(request.bytesUp)} · received ${formatBytes(request.bytesDown)}`
        : 'none yet',
    ],
    [
      'last turn',
      turn
        ? `#${turn.turn} ${turn.status} · ${formatMs(turn.wallMs)} · ${turn.requests} request${turn.requests === 1 ? '' : 's'} · tools ${formatMs(turn.toolMs)} · client overhead ${formatMs(turn.overheadMs)}`
        : 'none yet',
    ],
    ...(footprint
      ? ([
          [
            'request size',
            `tool definitions ${formatBytes(footprint.toolBytes)} in every request (${footprint.tools} tools; MCP ${footprint.mcpTools} tools, ${formatBytes(footprint.mcpBytes)})`,
          ],
        ] as Array<[string, string]>)
      : []),
    [
      'tokens',
      status.requests === 0 && tokens.input === 0 && tokens.output === 0
        ? 'none yet (counted once a request is sent)'
        : `${formatCount(tokens.input)} input · ${formatCount(tokens.cached)} cached${cachedShare} · ${formatCount(tokens.output)} output`,
    ],
    ...(status.context ? ([['context', contextRow(status.context)]] as Array<[string, string]>) : []),
    ['totals', `${status.turns} turn${status.turns === 1 ? '' : 's'} · ${status.requests} request${status.requests === 1 ? '' : 's'}`],
  ];
  const pad = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(pad)}  ${v}`).join('\n');
}
