// /help: the slash commands and the keys, in two columns: a description that wraps stays in its
// column (indented under itself), at any width. Also says what the exit codes are.
import { Box, Text } from 'ink';
import { SLASH_COMMANDS } from '../slashCommands.js';
import { paint, useColor } from '../theme.js';
import type { OwnCommandRow } from '../uiTypes.js';

const KEYS: ReadonlyArray<[string, string]> = [
  ['Enter', 'send the prompt'],
  ['\\ Enter, Alt+Enter, Ctrl-J', 'new line (Shift+Enter too where the terminal reports it)'],
  ['↑ ↓', 'move between lines, or through earlier prompts'],
  ['/', 'the commands menu (↑ ↓ choose, Tab completes, Enter runs, Esc closes)'],
  ['@', 'fuzzy file completion (↑ ↓ choose, Tab or Enter inserts the path, Esc closes)'],
  ['!cmd', 'run a shell command now, in the sandbox, without asking (you typed it); it and its output go with the next prompt'],
  ['Ctrl-R', 'search earlier prompts (again: older match; Enter takes it, Esc leaves)'],
  ['Ctrl-O', 'print the whole output of the latest cut tool card (again: the one before); at an approval prompt, the whole call'],
  ['Ctrl-A Ctrl-E', 'start / end of the line'],
  ['Ctrl-U Ctrl-K Ctrl-W', 'delete to line start / to line end / the word before'],
  ['Esc or Ctrl-C', 'cancel the running turn'],
  ['Esc Esc', 'on an empty prompt, no turn running: rewind to an earlier prompt (as /rewind)'],
  ['Ctrl-C twice, Ctrl-D', 'exit (Ctrl-D on an empty prompt, no turn running)'],
  ['y n a', 'approval: yes / no (then an optional reason) / always for that tool; Esc denies and cancels the turn'],
];

export function Help({ own = [] }: { own?: readonly OwnCommandRow[] }) {
  const color = useColor();
  const heading = paint(color, { bold: true });
  const commandWidth = Math.max(...SLASH_COMMANDS.map((c) => `/${c.name}${c.args ? ` ${c.args}` : ''}`.length), ...own.map((c) => c.label.length)) + 2;
  const keyWidth = Math.max(...KEYS.map(([k]) => k.length)) + 2;
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text {...heading}>Commands</Text>
      {SLASH_COMMANDS.map((c) => (
        <Row key={c.name} label={`/${c.name}${c.args ? ` ${c.args}` : ''}`} width={commandWidth} text={c.summary} />
      ))}
      {own.length > 0 && <Text {...heading}>Your commands (prompt files)</Text>}
      {own.map((c) => (
        <Row key={c.label} label={c.label} width={commandWidth} text={c.summary} />
      ))}
      <Text {...heading}>Keys</Text>
      {KEYS.map(([k, what]) => (
        <Row key={k} label={k} width={keyWidth} text={what} />
      ))}
      <Text {...heading}>Exit codes</Text>
      <Row label="0" width={keyWidth} text="/quit, Ctrl-D or Ctrl-C twice, when the last turn did not fail" />
      <Row label="1" width={keyWidth} text="the same, when the last turn failed" />
    </Box>
  );
}

function Row({ label, width, text }: { label: string; width: number; text: string }) {
  const color = useColor();
  return (
    <Box>
      <Box width={2 + width} flexShrink={0} paddingLeft={2}>
        <Text {...paint(color, { tone: 'cyan' })}>{label}</Text>
      </Box>
      <Box flexGrow={1} flexShrink={1}>
        <Text>{text}</Text>
      </Box>
    </Box>
  );
}
