// One tool call: a status icon and its one-line display (the command, the file), how long it took,
// then either a bounded tail of its output or, for an edit, the coloured diff.
import { Box, Text } from 'ink';
import type { BoundedDiff } from '../diffLines.js';
import { formatMs } from '../format.js';
import type { BoundedLines } from '../textLines.js';
import { type Look, paint, useColor } from '../theme.js';
import type { ToolStatus } from '../uiTypes.js';
import { DiffView } from './DiffView.js';

export interface ToolCardProps {
  name: string;
  display: string;
  status: ToolStatus;
  /** Finished: how long it ran. */
  durationMs?: number | null;
  /** Running: how long so far. */
  elapsedMs?: number | null;
  output: BoundedLines;
  diff?: BoundedDiff | null;
  /** Say that Ctrl-O prints the whole output. */
  expandable?: boolean;
}

const ICONS: Record<ToolStatus, { icon: string; look: Look; label?: string }> = {
  ok: { icon: '✓', look: { tone: 'green' } },
  failed: { icon: '✗', look: { tone: 'red' } },
  running: { icon: '●', look: { tone: 'yellow' } },
  waiting: { icon: '?', look: { tone: 'yellow' }, label: 'waiting for approval' },
  queued: { icon: '·', look: { dim: true } },
};

/** `read_file src/a.ts` → name and the rest; a display not starting with the name gets it prefixed. */
export function splitDisplay(name: string, display: string): { name: string; rest: string } {
  // MCP tools show as `server/tool args` rather than their long model-facing name.
  if (name.startsWith('mcp__') && /^[^\s/]+\/\S+/.test(display)) {
    const space = display.indexOf(' ');
    return space < 0 ? { name: display, rest: '' } : { name: display.slice(0, space), rest: display.slice(space + 1) };
  }
  if (display === name) return { name, rest: '' };
  if (display.startsWith(`${name} `)) return { name, rest: display.slice(name.length + 1) };
  return { name, rest: display };
}

export function ToolCard({ name, display, status, durationMs, elapsedMs, output, diff, expandable = false }: ToolCardProps) {
  const color = useColor();
  const icon = ICONS[status];
  const parts = splitDisplay(name, display);
  const time =
    durationMs !== undefined && durationMs !== null ? formatMs(durationMs) : elapsedMs !== undefined && elapsedMs !== null ? formatMs(elapsedMs) : null;
  const dim = paint(color, { dim: true });
  const summaryOnly = output.lines.length === 0 && output.omitted > 0;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text {...paint(color, icon.look)}>{icon.icon} </Text>
        <Text {...paint(color, { bold: true })}>{parts.name}</Text>
        {parts.rest ? <Text> {parts.rest}</Text> : null}
        {time ? <Text {...dim}> · {time}</Text> : null}
        {icon.label ? <Text {...dim}> · {icon.label}</Text> : null}
      </Text>
      {summaryOnly ? (
        <Text {...dim}>
          {'  └ '}
          {output.omitted} line{output.omitted === 1 ? '' : 's'}
        </Text>
      ) : null}
      {!summaryOnly && output.omitted > 0 ? (
        <Text {...dim}>
          {'  │ … '}
          {output.omitted} earlier line{output.omitted === 1 ? '' : 's'}
          {expandable ? ' · ctrl-o to expand' : ''}
        </Text>
      ) : null}
      {output.lines.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          <Text {...dim}>{'  │ '}</Text>
          <Text {...(status === 'failed' ? paint(color, { tone: 'red' }) : {})}>{line}</Text>
        </Text>
      ))}
      {diff && diff.lines.length > 0 ? <DiffView diff={diff} indent={2} moreHint="/diff shows everything" /> : null}
    </Box>
  );
}
