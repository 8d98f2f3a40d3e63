// The rewind menu inside the App: Esc twice on an empty prompt (no turn running) or /rewind opens
// it with this session's prompts; the choice is carried out by the controller, reported in the
// transcript, and the chosen prompt comes back into the editor to be changed and sent.
import type { Key } from 'ink';
import { useRef } from 'react';
import type { AgentController } from './AgentController.js';
import { DOUBLE_ESC_MS, openRewindMenu, type RewindMenu, rewindKey } from './rewindMenu.js';
import { rewindReport } from './rewindReport.js';
import type { UiInput } from './uiTypes.js';

export interface RewindMenuDeps {
  controller: AgentController;
  dispatch: (event: UiInput) => void;
  rerender: () => void;
  /** Replaces the editor's text. */
  setPrompt: (text: string) => void;
  flashHint: (text: string) => void;
}

export interface RewindMenuHandle {
  menu: RewindMenu | null;
  /** Opens the menu (/rewind, or the second Esc). */
  open(): void;
  /** An Esc on an empty, idle prompt: the second within DOUBLE_ESC_MS opens the menu. */
  escape(): void;
  /** A key while the menu is open. */
  key(input: string, key: Key): void;
}

export function useRewindMenu(deps: RewindMenuDeps): RewindMenuHandle {
  const menuRef = useRef<RewindMenu | null>(null);
  const lastEsc = useRef(Number.NEGATIVE_INFINITY);
  const depsRef = useRef(deps);
  depsRef.current = deps;
  const set = (menu: RewindMenu | null): void => {
    menuRef.current = menu;
    depsRef.current.rerender();
  };
  const open = (): void => {
    const { controller, dispatch } = depsRef.current;
    if (!controller.rewindPoints) {
      dispatch({ type: 'ui.notice', level: 'warn', text: 'Rewind is not available here.' });
      return;
    }
    void controller
      .rewindPoints()
      .then((choices) => {
        if (choices.length === 0) dispatch({ type: 'ui.notice', level: 'info', text: 'Nothing to rewind to: no prompt in this conversation yet.' });
        else set(openRewindMenu(choices));
      })
      .catch((err: unknown) => dispatch({ type: 'ui.notice', level: 'error', text: `✗ ${err instanceof Error ? err.message : String(err)}` }));
  };
  return {
    get menu() {
      return menuRef.current;
    },
    open,
    escape() {
      const now = performance.now();
      if (now - lastEsc.current < DOUBLE_ESC_MS) {
        lastEsc.current = Number.NEGATIVE_INFINITY;
        open();
        return;
      }
      lastEsc.current = now;
      depsRef.current.flashHint('Esc again to rewind to an earlier prompt');
    },
    key(input, key) {
      const menu = menuRef.current;
      if (!menu) return;
      const result = rewindKey(menu, input, key);
      if (result.kind === 'stay') {
        set(result.menu);
        return;
      }
      set(null);
      if (result.kind === 'close') return;
      const { controller, dispatch, setPrompt } = depsRef.current;
      void controller.rewind!(result.choice.turn, result.mode)
        .then((summary) => {
          dispatch({ type: 'ui.block', ...rewindReport(summary), format: 'text' });
          setPrompt(summary.prompt);
        })
        .catch((err: unknown) => dispatch({ type: 'ui.notice', level: 'error', text: `✗ ${err instanceof Error ? err.message : String(err)}` }));
    },
  };
}
