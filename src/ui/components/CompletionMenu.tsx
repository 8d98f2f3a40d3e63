// The completion menu under the prompt: slash commands with their one-line descriptions, or the
// workspace files that match what follows `@`; the highlighted entry is what Tab or Enter takes.
import { Box, Text } from 'ink';
import type { CompletionItem, CompletionKind } from '../completion.js';
import { paint, useColor } from '../theme.js';

export interface CompletionMenuProps {
  kind: CompletionKind;
  items: CompletionItem[];
  selected: number;
  width: number;
  /** The file list is still being read. */
  loading?: boolean;
  /** Entries shown at once (a window that keeps the highlighted one in view). */
  maxItems?: number;
}

/** Terminal rows the menu takes. */
export function menuRows(count: number, maxItems: number): number {
  return count === 0 ? 1 : Math.min(count, maxItems) + (count > maxItems ? 1 : 0);
}

export function CompletionMenu({ kind, items, selected, width, loading = false, maxItems = items.length }: CompletionMenuProps) {
  const color = useColor();
  const dim = paint(color, { dim: true });
  if (items.length === 0) {
    return <Text {...dim}>{loading ? '  reading the workspace files…' : '  no file matches'}</Text>;
  }
  const shown = Math.max(1, maxItems);
  const first = Math.min(Math.max(0, selected - shown + 1), Math.max(0, items.length - shown));
  const hidden = items.length - Math.min(items.length, shown);
  const labelWidth = Math.min(Math.max(...items.map((i) => [...i.label].length)) + 2, Math.max(10, Math.floor(width / 2)));
  return (
    <Box flexDirection="column">
      {items.slice(first, first + shown).map((item, index) => {
        const i = first + index;
        const current = i === selected;
        const marker = current ? '› ' : '  ';
        return (
          <Text key={item.label} wrap="truncate-end">
            <Text {...paint(color, current ? { tone: 'cyan', bold: true } : { dim: true })}>{marker}</Text>
            <Text {...paint(color, current ? { tone: 'cyan', bold: true } : kind === 'slash' ? { tone: 'cyan' } : {})}>
              {item.detail !== undefined ? item.label.padEnd(labelWidth) : item.label}
            </Text>
            {item.detail !== undefined ? <Text {...dim}>{item.detail}</Text> : null}
          </Text>
        );
      })}
      {hidden > 0 ? <Text {...dim}>{`  … ${hidden} more (↑ ↓)`}</Text> : null}
    </Box>
  );
}
