// The finished part of the session, in Ink's <Static>: each item is written once, above the live
// region, and never redrawn (long sessions stay cheap and flicker-free). Items are append-only.
import { memo } from 'react';
import { Box, Static, Text } from 'ink';
import { diffLines } from '../diffLines.js';
import { renderMarkdownCached } from '../markdown.js';
import { reasoningPlain } from '../reasoningText.js';
import { renderStats } from '../renderStats.js';
import { type Look, paint, useColor } from '../theme.js';
import type { NoticeLevel, TranscriptItem } from '../uiTypes.js';
import { DiffView } from './DiffView.js';
import { Help } from './Help.js';
import { PlanChecklist } from './PlanChecklist.js';
import { ToolCard } from './ToolCard.js';

const BLOCK_DIFF_LINES = 2000;

const NOTICE_LOOKS: Record<NoticeLevel, Look> = {
  info: { tone: 'cyan' },
  dim: { dim: true },
  warn: { tone: 'yellow' },
  error: { tone: 'red' },
  recovery: { tone: 'yellow' },
};

export function TranscriptEntry({ item, width }: { item: TranscriptItem; width: number }) {
  renderStats.transcriptItems++;
  const color = useColor();
  switch (item.kind) {
    case 'user':
      return (
        <Box marginTop={1}>
          <Text {...paint(color, { tone: 'cyan', bold: true })}>{'› '}</Text>
          <Text {...paint(color, { bold: true })}>{item.text}</Text>
        </Box>
      );
    case 'assistant':
      return (
        <Box flexDirection="column" marginTop={1}>
          <Text>{renderMarkdownCached(item.text, { width, color })}</Text>
          {item.interrupted ? <Text {...paint(color, { dim: true })}>(interrupted)</Text> : null}
        </Box>
      );
    case 'reasoning': {
      const look = paint(color, { dim: true, italic: true });
      return (
        <Box marginTop={1} width={width}>
          <Text {...look}>{'∴ '}</Text>
          <Box flexGrow={1}>
            <Text {...look}>{reasoningPlain(item.text)}</Text>
          </Box>
        </Box>
      );
    }
    case 'tool':
      return (
        <Box marginTop={1}>
          <ToolCard
            name={item.card.name}
            display={item.card.display}
            status={item.card.status}
            durationMs={item.card.durationMs}
            output={item.card.output}
            diff={item.card.diff}
            expandable={item.card.expandable ?? false}
          />
        </Box>
      );
    case 'notice':
      return (
        <Box marginTop={item.level === 'dim' ? 0 : 1}>
          <Text {...paint(color, NOTICE_LOOKS[item.level])}>{item.text}</Text>
        </Box>
      );
    case 'block':
      return (
        <Box flexDirection="column" marginTop={1}>
          <Text {...paint(color, { bold: true })}>{item.title}</Text>
          {item.format === 'diff' ? <DiffBlock body={item.body} /> : <Text>{item.body}</Text>}
        </Box>
      );
    case 'help':
      return <Help own={item.own ?? []} />;
    case 'plan':
      return (
        <Box marginTop={1}>
          <PlanChecklist steps={item.steps} maxSteps={item.steps.length} />
        </Box>
      );
    default:
      return null;
  }
}

function DiffBlock({ body }: { body: string }) {
  return <DiffView diff={diffLines(body, BLOCK_DIFF_LINES)} wrap="wrap" moreHint="run git diff to see the rest" />;
}

export interface TranscriptProps {
  items: TranscriptItem[];
  width: number;
}

export const Transcript = memo(function Transcript({ items, width }: TranscriptProps) {
  return (
    <Static items={items} style={{ width }}>
      {(item) => <TranscriptEntry key={item.id} item={item} width={width} />}
    </Static>
  );
});
