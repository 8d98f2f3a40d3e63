// The interactive UI: the transcript (<Static>), the streaming tail, the approval prompt or the
// prompt input (with its `/` and `@` completion menus and Ctrl-R history search), and the status
// bar, over one AgentController. Keys: Esc or Ctrl-C cancel the running turn (Esc at an approval
// prompt denies the call first); Esc twice on an empty prompt with no turn running opens the rewind
// menu; Ctrl-C twice within 1.5 s, Ctrl-D on an empty prompt with no turn running, or /quit exit
// (the controller is closed first, then Ink exits) with 0, or 1 when the last turn failed.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Box, type Key, useApp, useInput, useStdout } from 'ink';
import { EXIT } from '../config/exitCodes.js';
import type { AgentController, PromptHistoryStore } from './AgentController.js';
import {
  type CompletionItem,
  type CompletionTarget,
  applyCompletion,
  completionTarget,
  fileItems,
  MENU_ITEMS,
  modelItems,
  slashItems,
  targetKey,
} from './completion.js';
import { CompletionMenu, menuRows } from './components/CompletionMenu.js';
import { type HistorySearch, backspaceInSearch, olderMatch, searchResult, startSearch, typeInSearch } from './historySearch.js';
import { type ApprovalInput, CHOOSING, approvalKey } from './approvalKeys.js';
import { HeldMessages } from './components/HeldMessages.js';
import { useHeldMessages } from './useHeldMessages.js';
import { ApprovalPrompt } from './components/ApprovalPrompt.js';
import { pendingCallText } from './approvalPreview.js';
import { PlanChecklist, planRows } from './components/PlanChecklist.js';
import { PromptInput } from './components/PromptInput.js';
import { StatusBar } from './components/StatusBar.js';
import { SubAgentList } from './components/SubAgentList.js';
import { StreamingTail } from './components/StreamingTail.js';
import { Transcript } from './components/Transcript.js';
import * as editor from './promptEditor.js';
import { promptKey } from './promptKeys.js';
import { waitingOnModelSince } from './modelWait.js';
import { renderStats } from './renderStats.js';
import { runSlashCommand } from './slashActions.js';
import { parseSlashCommand } from './slashCommands.js';
import { approvesPlan, planModeHint } from './planModeView.js';
import { expandPromptCommand } from '../config/promptCommand.js';
import { readWorkspaceText } from './readWorkspaceText.js';
import { ColorContext, colorFromEnv } from './theme.js';
import { PASTE_END, PASTE_START, splitOnEnter } from './typedInput.js';
import { DEFAULT_THROTTLE_MS, useAgentState } from './useAgentState.js';
import { RewindPicker } from './components/RewindPicker.js';
import { rewindMenuRows } from './rewindMenu.js';
import { useRewindMenu } from './useRewindMenu.js';

/** Two Ctrl-C presses closer than this exit. */
export const DOUBLE_CTRL_C_MS = 1500;
/** How long close() may take before the UI exits anyway. */
const CLOSE_TIMEOUT_MS = 3000;
const HINT_MS = 2500;

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
  /** Exit when the first turn is over (the demo): 0 completed, 1 failed or stopped, 130 cancelled. */
  exitAfterFirstTurn?: boolean;
  /** Prompt history kept across runs (default: this run only). */
  history?: PromptHistoryStore;
  /** Animate the working indicator (default: with colour on a TTY). */
  animate?: boolean;
}

export function App({ color, ...props }: AppProps) {
  return (
    <ColorContext.Provider value={color ?? colorFromEnv()}>
      <AppBody {...props} color={color ?? colorFromEnv()} />
    </ColorContext.Provider>
  );
}

function AppBody({
  controller,
  initialPrompt,
  throttleMs = DEFAULT_THROTTLE_MS,
  onExit,
  exitAfterFirstTurn = false,
  history,
  animate,
  color,
}: Omit<AppProps, 'color'> & { color: boolean }) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const spin = animate ?? (color && stdout.isTTY === true);
  const width = Math.max(20, stdout.columns || 80);
  const rows = Math.max(10, stdout.rows || 24);

  // Keys go through one stable handler that reads refs, never a stale render's props: several
  // keys can arrive in one chunk, or between a commit and React's passive effects. The handler of
  // the latest committed render is installed in a layout effect (synchronously with the commit).
  const [, setVersion] = useState(0);
  const rerender = useCallback(() => setVersion((v) => v + 1), []);
  // Steers and messages queued for the next turn, listed above the prompt; they hear the same events.
  const steerApplied = useRef<(text: string) => void>(() => undefined);
  const held = useHeldMessages(rerender, steerApplied);
  const { state, dispatch, getState } = useAgentState(controller, throttleMs, held.hear);
  steerApplied.current = (text) => dispatch({ type: 'ui.notice', level: 'dim', text: `↳ steer applied: ${text}` });
  // Ink redraws on resize but React does not re-render by itself: do, so widths follow.
  useEffect(() => {
    stdout.on('resize', rerender);
    return () => {
      stdout.off('resize', rerender);
    };
  }, [stdout, rerender]);
  const historyLoaded = useRef<string[] | null>(null);
  historyLoaded.current ??= history?.load() ?? [];
  const editorRef = useRef(editor.createEditor(historyLoaded.current));
  const setEditor = useCallback(
    (next: editor.EditorState) => {
      if (next === editorRef.current) return;
      editorRef.current = next;
      rerender();
    },
    [rerender],
  );
  const approvalInputRef = useRef<{ callId: string | null; input: ApprovalInput }>({ callId: null, input: CHOOSING });
  // The completion menu: which entry is highlighted, for which token; Esc closes it for that token.
  const menuRef = useRef<{ key: string; selected: number; dismissed: string | null }>({ key: '', selected: 0, dismissed: null });
  // Workspace files and server models, loaded when a menu first needs them.
  const filesRef = useRef<{ state: 'idle' | 'loading' | 'ready'; files: string[] }>({ state: 'idle', files: [] });
  const modelsRef = useRef<{ state: 'idle' | 'loading' | 'ready'; models: string[] }>({ state: 'idle', models: [] });
  const searchRef = useRef<HistorySearch | null>(null);
  const answered = useRef(new Set<string>());

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

  // Esc Esc on an empty prompt, or /rewind: back to an earlier prompt (useRewindMenu.ts).
  const rewind = useRewindMenu({
    controller,
    dispatch,
    rerender,
    setPrompt: (text) => setEditor(editor.insert(editor.clear(editorRef.current), text)),
    flashHint,
  });

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

  /** The code /quit, Ctrl-D and Ctrl-C twice exit with: 1 when the last turn failed, else 0. */
  const exitCode = useCallback(() => (getState().status.lastTurn?.status === 'failed' ? EXIT.taskFailed : EXIT.ok), [getState]);

  const startTurn = useCallback(
    (prompt: string | null) => {
      dispatch({ type: 'ui.submitted' });
      Promise.resolve()
        .then(() => controller.submit(prompt))
        .catch((err: unknown) => dispatch({ type: 'ui.notice', level: 'error', text: `✗ ${err instanceof Error ? err.message : String(err)}` }))
        .finally(() => {
          dispatch({ type: 'ui.idle' });
          if (!closingRef.current) nextTurnRef.current();
        });
    },
    [controller, dispatch],
  );
  /**
   * When a turn ends: steers still owed (the turn was cancelled, or they came too late to ride on
   * it) are sent at once as the next turn; otherwise the oldest queued message is.
   */
  const nextTurnRef = useRef<() => void>(() => undefined);
  nextTurnRef.current = () => {
    // Steers the model has not seen (a cancel, or too late for the turn) go at once, each as its
    // own user message, in a turn with no new prompt; not after a failure (it would fail again).
    if (getState().status.lastTurn?.status !== 'failed' && controller.owesHeldSteers()) {
      startTurn(null);
      return;
    }
    const next = held.takeNext();
    if (next === null) return;
    history?.add(next);
    startTurn(next);
  };

  /** `/plan edit` put the plan in the prompt: the next entry (not a command) replaces the checklist. */
  const editingPlanRef = useRef(false);
  /** "go" or Ctrl-G in plan mode: the normal tools come back and the approved plan goes to the model. */
  const approvePlan = (said: string): void => {
    const prompt = controller.approvePlan?.(said);
    if (prompt !== undefined) startTurn(prompt);
  };

  /** Handles an entry submitted with Enter; false keeps it in the editor. */
  const submitEntry = (text: string): boolean => {
    const entry = text.trim();
    if (entry === '') return false;
    if (editingPlanRef.current && !entry.startsWith('/')) {
      editingPlanRef.current = false;
      try {
        const steps = controller.editPlan?.(entry) ?? 0;
        dispatch({ type: 'ui.notice', level: 'info', text: `✓ plan edited (${steps} steps): go carries it out, or say what to change` });
      } catch (err) {
        dispatch({ type: 'ui.notice', level: 'warn', text: err instanceof Error ? err.message : String(err) });
      }
      return true;
    }
    editingPlanRef.current = false;
    // A prompt file's command sends its text (never a built-in's name: those were kept out).
    const expanded = expandPromptCommand(entry, controller.promptCommands?.() ?? []);
    if (expanded !== null) {
      if (getState().busy) {
        flashHint('A turn is running: wait for it, or press Esc to cancel it.');
        return false;
      }
      history?.add(entry);
      dispatch({ type: 'ui.notice', level: 'dim', text: `› ${entry}` });
      startTurn(expanded);
      return true;
    }
    const command = parseSlashCommand(entry);
    if (command) {
      dispatch({ type: 'ui.notice', level: 'dim', text: `› ${entry}` });
      void runSlashCommand(command, {
        controller,
        dispatch,
        getState,
        quit: () => quit(exitCode()),
        setPrompt,
        openRewind: rewind.open,
        startTurn,
        beginPlanEdit: (plan) => {
          editingPlanRef.current = true;
          // After Enter has cleared the prompt of the command itself.
          queueMicrotask(() => setPrompt(plan));
        },
      });
      return true;
    }
    if (getState().busy) {
      // The user's words during a turn steer it (native where the model can, else with the next request).
      history?.add(entry);
      if (!controller.steer(entry)) held.queue(entry);
      return true;
    }
    history?.add(entry);
    if (entry.startsWith('!') && entry.slice(1).trim() !== '') {
      runShellEntry(entry.slice(1).trim());
      return true;
    }
    if (getState().status.mode === 'plan' && approvesPlan(entry)) {
      approvePlan(entry);
      return true;
    }
    startTurn(entry);
    return true;
  };

  /** `!cmd`: the command runs now; it and its output go to the model with the next prompt. */
  const runShellEntry = (command: string): void => {
    dispatch({ type: 'ui.notice', level: 'dim', text: `! ${command}` });
    dispatch({ type: 'ui.submitted' });
    Promise.resolve()
      .then(() => controller.runShell(command))
      .then((ran) => {
        if (ran) dispatch({ type: 'ui.notice', level: 'dim', text: 'the command and its output go to the model with your next prompt' });
      })
      .catch((err: unknown) => dispatch({ type: 'ui.notice', level: 'error', text: `✗ ${err instanceof Error ? err.message : String(err)}` }))
      .finally(() => dispatch({ type: 'ui.idle' }));
  };

  /** Puts text in the prompt (a slash command offering a pick list). */
  const setPrompt = (text: string): void => {
    setEditor(editor.insert(editor.clear(editorRef.current), text));
  };

  /** The open completion menu: its target and entries, or null. */
  const openMenu = (): { target: CompletionTarget; items: CompletionItem[] } | null => {
    if (approval && !answered.current.has(approval.callId)) return null;
    if (searchRef.current) return null;
    const target = completionTarget(editorRef.current);
    if (!target) {
      // The next `@` lists the files afresh, and a menu closed with Esc opens again for a new token.
      if (filesRef.current.state === 'ready') filesRef.current = { state: 'idle', files: [] };
      if (menuRef.current.dismissed !== null) menuRef.current = { ...menuRef.current, dismissed: null };
      return null;
    }
    const key = targetKey(target);
    if (menuRef.current.dismissed === key) return null;
    let items: CompletionItem[];
    if (target.kind === 'slash') items = slashItems(target.query, controller.promptCommands?.() ?? []);
    else if (target.kind === 'model') {
      if (modelsRef.current.state === 'idle') {
        modelsRef.current = { state: 'loading', models: [] };
        void controller
          .listModels()
          .catch(() => [] as string[])
          .then((models) => {
            modelsRef.current = { state: 'ready', models };
            rerender();
          });
      }
      items = modelItems(modelsRef.current.models, target.query).slice(0, MENU_ITEMS);
      if (items.length === 0) return null;
    } else {
      if (filesRef.current.state === 'idle') {
        filesRef.current = { state: 'loading', files: [] };
        void controller
          .listFiles()
          .catch(() => [] as string[])
          .then((files) => {
            filesRef.current = { state: 'ready', files };
            rerender();
          });
      }
      items = fileItems(filesRef.current.files, target.query, MENU_ITEMS);
      if (filesRef.current.state === 'loading') return { target, items: [] };
    }
    if (items.length === 0) return target.kind === 'file' ? { target, items } : null;
    return { target, items };
  };

  const approval = state.approvals[0];
  const lastCtrlC = useRef(Number.NEGATIVE_INFINITY);
  const pasting = useRef(false);
  const handleInput = (input: string, key: Key): void => {
    if (closingRef.current) return;
    // Bracketed paste: the text goes in as typed text, its line breaks included, never as Enter.
    if (input === PASTE_START || input === PASTE_END) {
      pasting.current = input === PASTE_START;
      return;
    }
    if (pasting.current) {
      if (approval && !answered.current.has(approval.callId)) {
        // Pasted text never answers an approval; it can only fill the reason line.
        const current = approvalInputRef.current.callId === approval.callId ? approvalInputRef.current.input : CHOOSING;
        if (current.mode === 'reason') {
          approvalInputRef.current = { callId: approval.callId, input: { ...current, reason: current.reason + input.replace(/[\r\n]+/g, ' ') } };
          rerender();
        }
        return;
      }
      setEditor(editor.insert(editorRef.current, input));
      return;
    }
    // Keystrokes that arrived together ("fix it\r"): replay them one by one.
    if (input.length > 1 && input.includes('\r') && !key.ctrl && !key.meta) {
      for (const piece of splitOnEnter(input)) {
        if (piece.kind === 'enter') handleInput('\r', { ...key, return: true });
        else handleInput(piece.text, key);
      }
      return;
    }
    // Text and a Tab that arrived together ("fix it\t"): the text, then the Tab (queue or complete).
    if (input.length > 1 && input.endsWith('\t') && !key.ctrl && !key.meta) {
      handleInput(input.slice(0, -1), { ...key, tab: false });
      handleInput('', { ...key, tab: true });
      return;
    }
    if (rewind.menu) {
      rewind.key(input, key);
      return;
    }
    // Ctrl-R: reverse search through earlier prompts.
    const search = searchRef.current;
    if (search) {
      const entries = editorRef.current.history;
      if (key.ctrl && input === 'r') searchRef.current = olderMatch(search, entries);
      else if (key.escape || (key.ctrl && (input === 'c' || input === 'g'))) searchRef.current = null;
      else if (key.backspace || key.delete) searchRef.current = backspaceInSearch(search, entries);
      else if (key.return || key.tab || key.leftArrow || key.rightArrow || key.upArrow || key.downArrow) {
        searchRef.current = null;
        const found = searchResult(search, entries);
        if (found !== '') setEditor(editor.insert(editor.clear(editorRef.current), found));
      } else if (!key.ctrl && !key.meta && input !== '') searchRef.current = typeInSearch(search, entries, input);
      rerender();
      return;
    }
    if (key.ctrl && input === 'r' && !(approval && !answered.current.has(approval.callId))) {
      searchRef.current = startSearch(editorRef.current.history);
      rerender();
      return;
    }
    if (key.ctrl && input === 'o') {
      // At an approval prompt: the call waiting for the answer, in full; else the latest cut output.
      if (approval && !answered.current.has(approval.callId)) {
        dispatch({ type: 'ui.block', title: `Waiting for your approval: ${approval.name}`, body: pendingCallText(approval.args), format: 'text' });
      } else dispatch({ type: 'ui.expand_output' });
      return;
    }
    if (key.ctrl && input === 'g' && !approval && !getState().busy && getState().status.mode === 'plan') {
      if (editorRef.current.text.trim() === '') approvePlan('go');
      return;
    }
    const menu = openMenu();
    if (menu && menu.items.length > 0) {
      const key_ = targetKey(menu.target);
      const selected = menuRef.current.key === key_ ? Math.min(menuRef.current.selected, menu.items.length - 1) : 0;
      if (key.upArrow || key.downArrow) {
        const n = menu.items.length;
        menuRef.current = { ...menuRef.current, key: key_, selected: (selected + (key.upArrow ? n - 1 : 1)) % n };
        rerender();
        return;
      }
      if (key.escape && !getState().busy) {
        menuRef.current = { ...menuRef.current, dismissed: key_ };
        rerender();
        return;
      }
      if (key.tab || (key.return && !key.meta && !key.shift)) {
        const item = menu.items[selected]!;
        if (menu.target.kind !== 'file' && key.return && !item.takesArguments) {
          // Enter runs the highlighted command, or switches to the highlighted model.
          const entry = menu.target.kind === 'slash' ? item.insert.trim() : applyCompletion(editorRef.current, menu.target, item).text.trim();
          if (submitEntry(entry)) setEditor(editor.accept(editorRef.current, entry));
          return;
        }
        menuRef.current = { key: '', selected: 0, dismissed: null };
        setEditor(applyCompletion(editorRef.current, menu.target, item));
        return;
      }
    }
    if (key.ctrl && input === 'c') {
      const now = performance.now();
      if (now - lastCtrlC.current < DOUBLE_CTRL_C_MS) {
        quit(exitCode());
        return;
      }
      lastCtrlC.current = now;
      if (getState().busy) {
        controller.cancel();
        flashHint('Cancelling the turn… (Ctrl-C again to exit)');
      } else {
        setEditor(editor.clear(editorRef.current));
        flashHint('Press Ctrl-C again to exit.');
      }
      return;
    }
    if (key.ctrl && input === 'd') {
      if (getState().busy) flashHint('A turn is running: Esc cancels it; Ctrl-C twice exits.');
      else if (editorRef.current.text === '') quit(exitCode());
      return;
    }
    if (key.escape) {
      if (approval && !answered.current.has(approval.callId)) {
        // Esc at an approval prompt: the call is denied (it never ran), then the turn is cancelled.
        answered.current.add(approval.callId);
        controller.answerApproval(approval.callId, { decision: 'deny', reason: 'the user pressed Esc at the approval prompt and cancelled the turn' });
        dispatch({ type: 'ui.approval_answered', callId: approval.callId });
      }
      if (getState().busy) {
        // What is held goes at once, as the next turn (see nextTurnRef).
        controller.cancel();
        flashHint(held.steers() > 0 ? 'Cancelling the turn… your steers go now' : 'Cancelling the turn…');
      } else if (!approval && editorRef.current.text === '') rewind.escape();
      return;
    }
    // Once answered, the prompt is on its way back: keys typed meanwhile go to the editor.
    if (approval && !answered.current.has(approval.callId)) {
      const current = approvalInputRef.current.callId === approval.callId ? approvalInputRef.current.input : CHOOSING;
      const result = approvalKey(current, input, key, {
        ...(approval.server && { server: approval.server }),
        ...(approval.allowPrefix && { allowPrefix: approval.allowPrefix }),
        ...(approval.question && { question: true }),
      });
      approvalInputRef.current = { callId: approval.callId, input: result.state };
      if (result.decision) {
        answered.current.add(approval.callId);
        controller.answerApproval(approval.callId, result.decision);
        dispatch({ type: 'ui.approval_answered', callId: approval.callId });
      }
      rerender();
      return;
    }
    if (key.tab && getState().busy && editorRef.current.text.trim() !== '' && !editorRef.current.text.startsWith('/')) {
      // Tab during a turn: the entry waits for the next turn.
      const entry = editorRef.current.text.trim();
      held.queue(entry);
      setEditor(editor.accept(editorRef.current, entry));
      return;
    }
    const pulled = key.upArrow && editorRef.current.text === '' ? held.pullBack() : null;
    if (pulled !== null) {
      setEditor(editor.insert(editorRef.current, pulled));
      return;
    }
    const result = promptKey(editorRef.current, input, key);
    if (result.state.text !== editorRef.current.text) menuRef.current = { ...menuRef.current, selected: 0 };
    setEditor(result.state);
    if (result.submit !== undefined && submitEntry(result.submit)) setEditor(editor.accept(editorRef.current, result.submit));
  };
  const inputHandler = useRef(handleInput);
  useLayoutEffect(() => {
    inputHandler.current = handleInput;
  });
  const onInput = useCallback((input: string, key: Key) => inputHandler.current(input, key), []);
  useInput(onInput, { isActive: !closing });

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

  // A resumed session: its earlier conversation goes above the prompt, once.
  useEffect(() => {
    let live = true;
    void controller
      .earlierTranscript()
      .then((entries) => {
        if (live && entries.length > 0) dispatch({ type: 'ui.earlier', entries, sessionId: controller.info.sessionId });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [controller, dispatch]);

  // The demo's mode: leave once the first turn is over and its last frame is on screen.
  const lastTurn = state.status.lastTurn;
  useEffect(() => {
    if (!exitAfterFirstTurn || !lastTurn) return;
    quit(lastTurn.status === 'completed' ? EXIT.ok : lastTurn.status === 'cancelled' ? EXIT.interrupted : EXIT.taskFailed);
  }, [exitAfterFirstTurn, lastTurn, quit]);

  useEffect(() => {
    renderStats.app++;
  });

  // The live region must stay shorter than the terminal (else Ink clears the screen and prints
  // the whole transcript again): budget rows for the tail, the prompt or approval, the status bar.
  const fixedRows = 6; // status bar (2–3), margins, the working line, a hint
  const promptRows = Math.max(3, Math.floor((rows - fixedRows) / 3));
  const previewRows = Math.max(3, Math.min(24, rows - fixedRows - 9));
  const planSteps = Math.max(3, Math.min(12, Math.floor((rows - fixedRows) / 4)));
  const planHeight = state.plan ? planRows(state.plan.steps, planSteps) + 1 : 0;
  const menu = openMenu();
  const menuSelected = menu && menuRef.current.key === targetKey(menu.target) ? Math.min(menuRef.current.selected, Math.max(0, menu.items.length - 1)) : 0;
  const menuMax = Math.max(3, Math.min(12, rows - fixedRows - 8));
  const menuHeight = menu ? menuRows(menu.items.length, menuMax) : 0;
  const heldRows = held.entries().length > 0 ? held.entries().length + 1 : 0;
  const inputRows =
    heldRows +
    (approval
      ? previewRows + 7
      : rewind.menu
        ? rewindMenuRows(rewind.menu, menuMax)
        : Math.min(promptRows, editorRef.current.text.split('\n').length) + 1 + menuHeight);
  const tailRows = Math.max(3, rows - fixedRows - planHeight - inputRows);
  return (
    <Box flexDirection="column" width={width}>
      <Transcript items={state.items} width={width} />
      <StreamingTail tail={state.tail} width={width} maxLines={tailRows} />
      <SubAgentList agents={state.subAgents ?? []} />
      {state.plan ? (
        <Box marginTop={1}>
          <PlanChecklist steps={state.plan.steps} maxSteps={planSteps} />
        </Box>
      ) : null}
      <Box marginTop={1} flexDirection="column">
        <HeldMessages entries={held.entries()} width={width} />
        {rewind.menu && !approval ? (
          <RewindPicker menu={rewind.menu} width={width} maxItems={menuMax} />
        ) : approval ? (
          <ApprovalPrompt
            approval={approval}
            input={approvalInputRef.current.callId === approval.callId ? approvalInputRef.current.input : CHOOSING}
            queued={state.approvals.length - 1}
            previewLines={previewRows}
            width={width}
            readFile={(path) => readWorkspaceText(state.status.cwd, path)}
          />
        ) : (
          <PromptInput
            value={editorRef.current}
            active={!closing}
            busy={state.busy}
            busySince={state.busySince}
            waitingSince={waitingOnModelSince(state)}
            hint={closing ? 'Closing…' : (hint ?? planModeHint(state.status.mode, state.busy, editingPlanRef.current, (controller.planText?.() ?? '') !== ''))}
            maxLines={promptRows}
            animate={spin}
            search={searchRef.current ? { ...searchRef.current, text: searchResult(searchRef.current, editorRef.current.history) } : null}
          />
        )}
        {menu && !approval ? (
          <CompletionMenu
            kind={menu.target.kind}
            items={menu.items}
            selected={menuSelected}
            width={width}
            loading={menu.target.kind === 'file' && filesRef.current.state !== 'ready'}
            maxItems={menuMax}
          />
        ) : null}
      </Box>
      <StatusBar status={{ ...state.status, steers: held.steers() }} width={width} />
    </Box>
  );
}
