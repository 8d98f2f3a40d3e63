// How the TUI asks for the user's attention on the terminal itself: BEL (every terminal rings, or
// flashes, and most mark the tab), or OSC 9 (`ESC ] 9 ; text BEL`: a desktop notification with the
// text, in the terminals that show one). `auto` picks OSC 9 where the terminal is known to show it,
// as Codex does, and BEL everywhere else (a terminal that does not know OSC 9 may print it).

export type NotificationsSetting = 'auto' | 'bell' | 'osc9' | 'off';
export type TerminalAlertKind = 'bell' | 'osc9' | 'off';

/** Terminals (TERM_PROGRAM) that turn OSC 9 into a desktop notification. */
const OSC9_TERMINALS = new Set(['iTerm.app', 'WezTerm', 'ghostty']);

export function terminalAlertKind(setting: NotificationsSetting, env: NodeJS.ProcessEnv = process.env): TerminalAlertKind {
  if (setting !== 'auto') return setting;
  const program = env.TERM_PROGRAM ?? '';
  // Inside tmux or screen, TERM_PROGRAM names the multiplexer, which would swallow OSC 9.
  if (OSC9_TERMINALS.has(program) || (env.KITTY_WINDOW_ID !== undefined && program === '')) return 'osc9';
  return 'bell';
}

/** The bytes to write for a message; none when off. */
export function terminalAlertBytes(kind: TerminalAlertKind, message: string): string {
  if (kind === 'off') return '';
  if (kind === 'bell') return '\x07';
  // Control characters would end the sequence early or start another one.
  const text = message
    .replace(/[\x00-\x1f\x7f-\x9f]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim()
    .slice(0, 200);
  return `\x1b]9;${text}\x07`;
}
