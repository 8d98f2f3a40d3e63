// Draws the rewind menu (rewindMenu.ts) in place of the prompt: the prompts, newest first, each on
// one line; then the three ways back for the chosen one.
import { Box, Text } from 'ink';
import { REWIND_MODES, type RewindMenu } from '../rewindMenu.js';
import { paint, useColor } from '../theme.js';

export interface RewindPickerProps {
  menu: RewindMenu;
  width: number;
  /** Entries shown at once (a window that keeps the highlighted one in view). */
  maxItems: number;
}

export function RewindPicker({ menu, width, maxItems }: RewindPickerProps) {
  const color = useColor();
  const dim = paint(color, { dim: true });
  const labels = menu.step === 'prompt' ? menu.choices.map((c) => `${c.prompt.replace(/\s+/g, ' ').trim() || '(no text)'}`) : REWIND_MODES.map((m) => m.label);
  const shown = Math.max(1, maxItems);
  const first = Math.min(Math.max(0, menu.selected - shown + 1), Math.max(0, labels.length - shown));
  const hidden = labels.length - Math.min(labels.length, shown);
  const title =
    menu.step === 'prompt'
      ? 'Rewind to before which prompt? (newest first)'
      : `Rewind to before "${(menu.choices[menu.chosen]?.prompt ?? '').replace(/\s+/g, ' ').slice(0, Math.max(10, width - 30))}": restore`;
  return (
    <Box flexDirection="column" width={width}>
      <Text {...paint(color, { bold: true })} wrap="truncate-end">
        {title}
      </Text>
      {labels.slice(first, first + shown).map((label, index) => {
        const current = first + index === menu.selected;
        return (
          <Text key={`${first + index}`} wrap="truncate-end" {...paint(color, current ? { tone: 'cyan', bold: true } : {})}>
            {`${current ? '› ' : '  '}${label}`}
          </Text>
        );
      })}
      {hidden > 0 ? <Text {...dim}>{`  … ${hidden} more (↑ ↓)`}</Text> : null}
      <Text {...dim}>{menu.step === 'prompt' ? '↑ ↓ choose · Enter select · Esc close' : '↑ ↓ choose · Enter rewind · Esc back'}</Text>
    </Box>
  );
}
