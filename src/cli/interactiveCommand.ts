// `wsagent` on a terminal: the Ink TUI on top of an AgentController built from the agent app.
// `--resume` without an id first shows a picker of this workspace's sessions; on the way out the
// TUI says how to continue the session (`wsagent --resume ID`), as Codex does.
import { resolve } from 'node:path';
import type { AgentEvent } from '../agent/events.js';
import { missingKeyMessage } from '../config/settings.js';
import { AppController } from './appController.js';
import { EXIT, UserFacingError } from './exitCodes.js';
import type { ResolvedRun } from './resolveRun.js';
import { onTermination } from './signals.js';

export interface InteractiveExtras {
  /** Sees every event too (the demo collects latency figures). */
  observe?: (event: AgentEvent) => void;
  /** Leave the UI when the first turn is over (the demo). */
  exitAfterFirstTurn?: boolean;
}

/**
 * Ink draws only a final frame when it thinks it runs in CI (it reads CI when loaded). We are on a
 * terminal by now, so hide CI from it while it loads, and put it back for the tools' commands.
 */
async function loadInkOnATerminal(): Promise<[typeof import('../ui/runInteractive.js'), typeof import('../ui/runSessionPicker.js')]> {
  const saved = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION };
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  try {
    return await Promise.all([import('../ui/runInteractive.js'), import('../ui/runSessionPicker.js')]);
  } finally {
    for (const [key, value] of Object.entries(saved)) if (value !== undefined) process.env[key] = value;
  }
}

/** `--resume` alone: the session the user picks, a run without resume (Esc: a new session), or null to leave. */
async function pickSession(run: ResolvedRun, picker: typeof import('../ui/runSessionPicker.js')): Promise<ResolvedRun | null> {
  const { workspaceSessions } = await import('../session/sessionOverview.js');
  const sessions = workspaceSessions(run.dataDir ?? run.configDir, run.cwd);
  if (sessions.length === 0) {
    throw new UserFacingError(`no saved session for ${run.cwd} to resume (\`wsagent sessions\` lists them all; \`--resume ID\` takes any)`, EXIT.usage);
  }
  const choice = await picker.runSessionPicker(sessions, { workspace: run.cwd });
  const { resume: _picked, pickSession: _asked, ...fresh } = run;
  if (choice.kind === 'quit') return null;
  return choice.kind === 'resume' ? { ...fresh, resume: choice.id } : fresh;
}

export async function runInteractiveCommand(run: ResolvedRun, initialPrompt: string | undefined, extras: InteractiveExtras = {}): Promise<number> {
  // Fail before drawing anything on what can be known at once.
  if (!run.settings.apiKey) throw new UserFacingError(missingKeyMessage(), EXIT.config);
  if (run.resume && !run.pickSession) {
    const { findSession } = await import('../session/sessionList.js');
    try {
      findSession(run.dataDir ?? run.configDir, run.resume, run.cwd);
    } catch (err) {
      throw new UserFacingError((err as Error).message, EXIT.usage);
    }
  }
  const [{ runInteractive }, picker] = await loadInkOnATerminal();
  if (run.pickSession) {
    const picked = await pickSession(run, picker);
    if (!picked) return EXIT.ok;
    run = picked;
  }
  const controller = new AppController(run, extras.observe);
  // The bell (or OSC 9) and the notify program when a long turn ends or an approval waits; not in the demo.
  if (!extras.exitAfterFirstTurn) controller.subscribe((await import('./attentionSetup.js')).attentionFor(run));
  // SIGTERM, SIGHUP, and SIGINT from outside (Ctrl-C itself is a key in raw mode): stop the UI the
  // way /quit does — cancel, close the session — restore the terminal, leave with the signal's code.
  let stopWith: (code: number) => void = () => undefined;
  const stop = new Promise<number>((resolve) => (stopWith = resolve));
  const uninstall = onTermination((_signal, code) => stopWith(code));
  let code: number;
  try {
    const { historyFile } = await import('../ui/historyFile.js');
    code = await runInteractive(controller, {
      history: historyFile(run.configDir, resolve(run.cwd)),
      // Then the agent is assembled and the socket opens and warms up while the user types (pre-connect).
      afterFirstFrame: () => controller.start(),
      ...(initialPrompt !== undefined && { initialPrompt }),
      ...(extras.exitAfterFirstTurn && { exitAfterFirstTurn: true }),
      stop,
    });
  } finally {
    uninstall();
  }
  // The demo's session lives in a throwaway repository: nothing there to come back to.
  const id = extras.exitAfterFirstTurn ? null : controller.resumableSessionId();
  if (id) process.stdout.write(`To continue this session: wsagent --resume ${id}\n`);
  return code;
}
