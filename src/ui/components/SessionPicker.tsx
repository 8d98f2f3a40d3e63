// `wsagent --resume` without an id: this workspace's sessions, newest first (when, how many
// prompts, the first prompt), to choose one from. ↑ ↓ (or k j) move, Enter resumes, Esc starts a
// new session, Ctrl-C leaves, as in Codex's resume picker. Only a window around the highlighted
// row is drawn, so the list never outgrows the terminal.
import { Box, Text, useApp, useInput } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { paint, useColor } from '../theme.js';

export interface PickerSession {
  id: string;
  modifiedAt: Date;
  firstPrompt: string;
  turns: number;
}

/** What the user chose: a session id, a new session, or to leave. */
export type PickerChoice = { kind: 'resume'; id: string } | { kind: 'new' } | { kind: 'quit' };

export interface SessionPickerProps {
  sessions: PickerSession[];
  workspace: string;
  width: number;
  /** Rows the list may take. */
  rows: number;
  now: number;
  onChoice: (choice: PickerChoice) => void;
}

/** `just now`, `5 min ago`, `3 h ago`, `yesterday`, then the date and time. */
export function timeAgo(then: Date, now: number): string {
  const minutes = Math.floor((now - then.getTime()) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  if (hours < 48) return 'yesterday';
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${then.getFullYear()}-${pad(then.getMonth() + 1)}-${pad(then.getDate())} ${pad(then.getHours())}:${pad(then.getMinutes())}`;
}

export function SessionPicker({ sessions, workspace, width, rows, now, onChoice }: SessionPickerProps) {
  const color = useColor();
  const { exit } = useApp();
  // Keys read the highlight from a ref: "↓ Enter" typed at once must resume the row ↓ moved to,
  // even before React has handed the input hook the handler of the newer render.
  const [selected, setSelected] = useState(0);
  const selectedRef = useRef(0);
  const move = (by: number): void => {
    const n = sessions.length;
    selectedRef.current = (selectedRef.current + by + n) % n;
    setSelected(selectedRef.current);
  };
  // Once chosen, an empty frame is drawn first (it erases the list), then the picker leaves.
  const [chosen, setChosen] = useState(false);
  const chosenRef = useRef(false);
  useEffect(() => {
    if (chosen) exit();
  }, [chosen, exit]);
  const choose = (choice: PickerChoice): void => {
    if (chosenRef.current) return;
    chosenRef.current = true;
    onChoice(choice);
    setChosen(true);
  };
  useInput((input, key) => {
    if (key.ctrl && input === 'c') return choose({ kind: 'quit' });
    if (key.escape) return choose({ kind: 'new' });
    if (key.return) return choose({ kind: 'resume', id: sessions[selectedRef.current]!.id });
    if (key.upArrow || input === 'k') move(-1);
    else if (key.downArrow || input === 'j') move(1);
  });
  if (chosen) return null;
  const visible = Math.max(1, Math.min(sessions.length, rows));
  const first = Math.min(Math.max(0, selected - Math.floor(visible / 2)), sessions.length - visible);
  const dim = paint(color, { dim: true });
  const ages = sessions.map((s) => timeAgo(s.modifiedAt, now));
  const ageWidth = Math.max(...ages.map((a) => a.length));
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text {...paint(color, { bold: true })}>Resume a session</Text>
        <Text {...dim}> in {workspace} (newest first)</Text>
      </Text>
      {first > 0 ? <Text {...dim}> ↑ {first} newer</Text> : null}
      {sessions.slice(first, first + visible).map((s, i) => {
        const at = first + i;
        const mark = at === selected;
        const turns = `${s.turns} turn${s.turns === 1 ? '' : 's'}`;
        return (
          <Text key={s.id} wrap="truncate-end" {...(mark ? paint(color, { tone: 'cyan', bold: true }) : {})}>
            {mark ? '› ' : '  '}
            {ages[at]!.padEnd(ageWidth)}
            {'  '}
            {turns.padStart(9)}
            {'  '}
            {s.firstPrompt || '(no prompt yet)'}
          </Text>
        );
      })}
      {first + visible < sessions.length ? <Text {...dim}> ↓ {sessions.length - first - visible} older</Text> : null}
      <Text {...dim}>↑ ↓ choose · Enter resumes · Esc starts a new session · Ctrl-C quits</Text>
    </Box>
  );
}
