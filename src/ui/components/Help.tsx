// /help: the slash commands and the keys.
import { Box, Text } from 'ink';
import { SLASH_COMMANDS } from '../slashCommands.js';
import { paint, useColor } from '../theme.js';

const KEYS: ReadonlyArray<[string, string]> = [
  ['Enter', 'send the prompt'],
  ['\\ Enter, Alt+Enter, Ctrl-J', 'new line (Shift+Enter too where the terminal reports it)'],
  ['↑ ↓', 'move between lines, or through earlier prompts'],
  ['Tab', 'complete a /command'],
  ['Ctrl-A Ctrl-E', 'start / end of the line'],
  ['Ctrl-U Ctrl-K Ctrl-W', 'delete to line start / to line end / the word before'],
  ['Esc or Ctrl-C', 'cancel the running turn'],
  ['Ctrl-C twice, Ctrl-D', 'exit (Ctrl-D on an empty prompt, no turn running)'],
  ['y n a', 'approval: yes / no (then an optional reason) / always for that tool'],
];

export function Help() {
  const color = useColor();
  const heading = paint(color, { bold: true });
  const commandWidth = Math.max(...SLASH_COMMANDS.map((c) => `/${c.name}${c.args ? ` ${c.args}` : ''}`.length)) + 2;
  const keyWidth = Math.max(...KEYS.map(([k]) => k.length)) + 2;
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text {...heading}>Commands</Text>
      {SLASH_COMMANDS.map((c) => (
        <Text key={c.name}>
          {'  '}
          <Text {...paint(color, { tone: 'cyan' })}>{`/${c.name}${c.args ? ` ${c.args}` : ''}`.padEnd(commandWidth)}</Text>
          {c.summary}
        </Text>
      ))}
      <Text {...heading}>Keys</Text>
      {KEYS.map(([k, what]) => (
        <Text key={k}>
          {'  '}
          <Text {...paint(color, { tone: 'cyan' })}>{k.padEnd(keyWidth)}</Text>
          {what}
        </Text>
      ))}
    </Box>
  );
}
