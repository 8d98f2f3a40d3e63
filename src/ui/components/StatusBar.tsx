// The status bar: transport and connection state and age, last request's time to first token and
// total, last turn, tokens, bytes sent, reconnects, model, approval mode. One line at any width:
// the least important fields give way first (statusLine.ts); the age ticks once a second while a
// connection is open.
import { Fragment, memo } from 'react';
import { Box, Text, useStdout } from 'ink';
import { SEPARATOR, statusSegments } from '../statusLine.js';
import { paint, useColor } from '../theme.js';
import type { StatusFigures } from '../uiTypes.js';
import { useNow } from '../useNow.js';

export interface StatusBarProps {
  status: StatusFigures;
  /** Columns; defaults to the terminal's. */
  width?: number;
  /** A fixed clock (tests); by default the bar keeps its own, ticking once a second. */
  now?: number;
}

export const StatusBar = memo(function StatusBar({ status, width, now }: StatusBarProps) {
  const color = useColor();
  const { stdout } = useStdout();
  const ticking = now === undefined && status.connection === 'open' && status.openedAt !== null;
  const clock = useNow(1000, ticking);
  const columns = Math.max(20, width ?? (stdout.columns || 80));
  const line = statusSegments(status, now ?? clock, columns);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        {line.map((segment, j) => (
          <Fragment key={j}>
            {j > 0 ? <Text {...paint(color, { dim: true })}>{SEPARATOR}</Text> : null}
            {segment.map((span, k) => (
              <Text key={k} {...paint(color, { ...(span.tone && { tone: span.tone }), ...(span.bold && { bold: true }), ...(span.dim && { dim: true }) })}>
                {span.text}
              </Text>
            ))}
          </Fragment>
        ))}
      </Text>
    </Box>
  );
});
