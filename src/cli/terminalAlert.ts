// How the TUI asks for the user's attention on the terminal itself: BEL (every terminal rings, or
// flashes, and most mark the tab), or OSC 9 (`ESC ] 9 ; text BEL`: a desktop notification with the
// text, in the terminals that show one). `auto` picks OSC 9 where the terminal is known to show it,
// as Codex does, and BEL everywhere else (a terminal that does not know OSC 9 may print it).

export type NotificationsSetting = 'auto' | 'bell' | 'osc9' | 'off';
export type TerminalAlertKind = 'bell' | 'osc9' | 'off';

/** Terminals that turn OSC 9 into a desktop notification, by TERM_PROGRAM and by TERM (Codex's list). */
const OSC9_PROGRAMS = new Set(['iTerm.app', 'WezTerm', 'WarpTerminal', 'ghostty']);
const OSC9_TERMS = new Set(['xterm-kitty', 'wezterm', 'wezterm-mux']);

export function terminalAlertKind(setting: NotificationsSetting, env: NodeJS.ProcessEnv = process.env): TerminalAlertKind {
  if (setting !== 'auto') return setting;
  // tmux would swallow OSC 9; Windows Terminal uses OSC 9 for other things.
  if (env.TMUX || env.WT_SESSION) return 'bell';
  const osc9 = OSC9_PROGRAMS.has(env.TERM_PROGRAM ?? '') || env.ITERM_SESSION_ID !== undefined || OSC9_TERMS.has(env.TERM ?? '');
  return osc9 ? 'osc9' : 'bell';
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
