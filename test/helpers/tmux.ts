// Driving the real TUI as a person would: a tmux session, keys sent, the screen read back.
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterEach } from 'vitest';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

export interface TmuxScreen {
  readonly session: string;
  screen(): string;
  keys(...keys: string[]): void;
  /** Types the text as it is (no key names: `Enter` is the five letters). */
  type(text: string): void;
  /** Polls the screen until `predicate` holds; throws with the last screen otherwise. */
  waitFor(predicate: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  kill(): void;
}

export function tmuxScreen(session: string, defaultTimeoutMs = 15_000): TmuxScreen {
  const screen = (): string => execFileSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' });
  return {
    session,
    screen,
    keys: (...keys) => void execFileSync('tmux', ['send-keys', '-t', session, ...keys]),
    type: (text) => void execFileSync('tmux', ['send-keys', '-t', session, '-l', text]),
    async waitFor(predicate, what, timeoutMs = defaultTimeoutMs) {
      const deadline = Date.now() + timeoutMs;
      let last = '';
      while (Date.now() < deadline) {
        last = screen();
        if (predicate(last)) return last;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`screen never showed ${what}:\n${last}`);
    },
    kill: () => void spawnSync('tmux', ['kill-session', '-t', session]),
  };
}

/** What a TUI test file drives: its tmux screen, and the temporary folders removed after each test. */
export interface TuiTestSession extends TmuxScreen {
  readonly dirs: string[];
}

/**
 * A test file's tmux session, named `NAME-PID` so parallel workers never share one. After each test
 * the session is killed, `cleanup` runs (the file closes its simulator there) and `dirs` are removed.
 */
export function tuiTestSession(name: string, options: { timeoutMs?: number; cleanup?: () => Promise<void> } = {}): TuiTestSession {
  const screen = tmuxScreen(`${name}-${process.pid}`, options.timeoutMs);
  const dirs: string[] = [];
  afterEach(async () => {
    screen.kill();
    await options.cleanup?.();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return { ...screen, dirs };
}
