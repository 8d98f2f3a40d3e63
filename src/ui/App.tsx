// The interactive UI: the transcript (<Static>), the streaming tail, the approval prompt or the
// prompt input, and the status bar, over one AgentController. Keys: Esc or Ctrl-C cancel the running
// turn; Ctrl-C twice within 1.5 s, Ctrl-D on an empty prompt with no turn running, or /quit exit
// (the controller is closed first, then Ink exits).
import { useCallback, useEffect, useRef, useState } from 'react';
import { Box, useApp, useInput, useStdout } from 'ink';
import type { ApprovalDecision } from '../agent/events.js';
import type { AgentController } from './AgentController.js';
import { ApprovalPrompt } from './components/ApprovalPrompt.js';
import { PromptInput } from './components/PromptInput.js';
import { StatusBar } from './components/StatusBar.js';
import { StreamingTail } from './components/StreamingTail.js';
import { Transcript } from './components/Transcript.js';
import * as editor from './promptEditor.js';
import { renderStats } from './renderStats.js';
import { runSlashCommand } from './slashActions.js';
import { parseSlashCommand } from './slashCommands.js';
import { ColorContext, colorFromEnv } from './theme.js';
import { DEFAULT_THROTTLE_MS, useAgentState } from './useAgentState.js';

/** Two Ctrl-C presses closer than this exit. */
export const DOUBLE_CTRL_C_MS = 1500;
/** How long close() may take before the UI exits anyway. */
const CLOSE_TIMEOUT_MS = 3000;
const HINT_MS = 2500;

/** Exit codes runInteractive resolves with. */
export const EXIT_CODES = { quit: 0, interrupted: 130 } as const;

export interface AppProps {
  controller: AgentController;
  /** Submitted as the first turn once the UI is up. */
  initialPrompt?: string;
  /** Colour and styles on (default: unless NO_COLOR is set). */
  color?: boolean;
  /** Minimum interval between re-renders for streaming deltas. */
  throttleMs?: number;
  /** Called with the exit code right before the app exits. */
  onExit?: (code: number) => void;
}

export function App({ color, ...props }: AppProps) {
  return (
    <ColorContext.Provider value={color ?? colorFromEnv()}>
      <AppBody {...props} />
    </ColorContext.Provider>
  );
}

function AppBody({ controller, initialPrompt, throttleMs = DEFAULT_THROTTLE_MS, onExit }: Omit<AppProps, 'color'>) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const width = Math.max(20, stdout.columns || 80);
  const rows = Math.max(10, stdout.rows || 24);
  const { state, dispatch, getState } = useAgentState(controller, throttleMs);

  // The editor lives here (not in PromptInput) so it survives the approval prompt and Ctrl-C can
  // clear it; edits apply synchronously to the ref, then re-render.
  const editorRef = useRef(editor.createEditor());
  const [, setEditorVersion] = useState(0);
  const updateEditor = useCallback((edit: (s: editor.EditorState) => editor.EditorState) => {
    const next = edit(editorRef.current);
    if (next === editorRef.current) return;
    editorRef.current = next;
    setEditorVersion((v) => v + 1);
  }, []);

  const [hint, setHint] = useState<string | null>(null);
  const hintTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const flashHint = useCallback((text: string) => {
    setHint(text);
    if (hintTimer.current) clearTimeout(hintTimer.current);
    hintTimer.current = setTimeout(() => setHint(null), HINT_MS);
    hintTimer.current.unref?.();
  }, []);
  useEffect(
    () => () => {
      if (hintTimer.current) clearTimeout(hintTimer.current);
    },
    [],
  );

  const [closing, setClosing] = useState(false);
  const closingRef = useRef(false);
  const quit = useCallback(
    (code: number) => {
      if (closingRef.current) return;
      closingRef.current = true;
      setClosing(true);
      if (getState().busy) controller.cancel();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
      });
      const closed = Promise.resolve()
        .then(() => controller.close())
        .catch(() => undefined);
      void Promise.race([closed, timeout]).then(() => {
        clearTimeout(timer);
        onExit?.(code);
        exit();
      });
    },
    [controller, exit, getState, onExit],
  );

  const startTurn = useCallback(
    (prompt: string) => {
      dispatch({ type: 'ui.submitted' });
      Promise.resolve()
        .then(() => controller.submit(prompt))
        .catch((err: unknown) => dispatch({ type: 'ui.notice', level: 'error', text: `✗ ${err instanceof Error ? err.message : String(err)}` }))
        .finally(() => dispatch({ type: 'ui.idle' }));
    },
    [controller, dispatch],
  );

  const handleSubmit = useCallback(
    (text: string): boolean => {
      const entry = text.trim();
      if (entry === '' || closingRef.current) return false;
      const command = parseSlashCommand(entry);
      if (command) {
        dispatch({ type: 'ui.notice', level: 'dim', text: `› ${entry}` });
        void runSlashCommand(command, { controller, dispatch, getState, quit });
        return true;
      }
      if (getState().busy) {
        flashHint('A turn is running: wait for it, or press Esc to cancel it.');
        return false;
      }
      startTurn(entry);
      return true;
    },
    [controller, dispatch, flashHint, getState, quit, startTurn],
  );

  const lastCtrlC = useRef(Number.NEGATIVE_INFINITY);
  useInput(
    (input, key) => {
      if (key.ctrl && input === 'c') {
        const now = performance.now();
        if (now - lastCtrlC.current < DOUBLE_CTRL_C_MS) {
          quit(EXIT_CODES.interrupted);
          return;
        }
        lastCtrlC.current = now;
        if (getState().busy) {
          controller.cancel();
          flashHint('Cancelling the turn… (Ctrl-C again to exit)');
        } else {
          updateEditor(editor.clear);
          flashHint('Press Ctrl-C again to exit.');
        }
        return;
      }
      if (key.ctrl && input === 'd') {
        if (getState().busy) flashHint('A turn is running: Esc cancels it; Ctrl-C twice exits.');
        else if (editorRef.current.text === '') quit(EXIT_CODES.quit);
        return;
      }
      if (key.escape && getState().busy) {
        controller.cancel();
        flashHint('Cancelling the turn…');
      }
    },
    { isActive: !closing },
  );

  const approval = state.approvals[0];
  const answerApproval = useCallback(
    (callId: string, decision: ApprovalDecision) => {
      controller.answerApproval(callId, decision);
      dispatch({ type: 'ui.approval_answered', callId });
    },
    [controller, dispatch],
  );

  // Submit the initial prompt once, after the subscription above is in place.
  const initialDone = useRef(false);
  useEffect(() => {
    if (initialDone.current) return;
    initialDone.current = true;
    if (initialPrompt && initialPrompt.trim() !== '') {
      editorRef.current = editor.accept(editorRef.current, initialPrompt);
      startTurn(initialPrompt.trim());
    }
  }, [initialPrompt, startTurn]);

  useEffect(() => {
    renderStats.app++;
  });

  // Rows the streaming tail may use: the rest is for the prompt, an approval, the status bar.
  const tailRows = Math.max(4, rows - (approval ? 16 : 7));
  return (
    <Box flexDirection="column" width={width}>
      <Transcript items={state.items} width={width} />
      <StreamingTail tail={state.tail} width={width} maxLines={tailRows} />
      {approval ? (
        <ApprovalPrompt
          key={approval.callId}
          approval={approval}
          queued={state.approvals.length - 1}
          onAnswer={(decision) => answerApproval(approval.callId, decision)}
          active={!closing}
        />
      ) : null}
      <Box marginTop={1} flexDirection="column">
        <PromptInput
          value={editorRef.current}
          update={updateEditor}
          onSubmit={handleSubmit}
          active={!closing}
          visible={!approval}
          busy={state.busy}
          busySince={state.busySince}
          hint={closing ? 'Closing…' : hint}
        />
      </Box>
      <StatusBar status={state.status} width={width} />
    </Box>
  );
}
