// Wires the TUI's attention signals (attentionSignals.ts) from the settings: `notifications`,
// `notify`, `notifyAfterSeconds`. Failures of the notify program go to <data dir>/notify.log.
import { join, resolve } from 'node:path';
import type { AgentEvent } from '../agent/events.js';
import { attentionSignals } from './attentionSignals.js';
import { notifyProgram } from './notifyProgram.js';
import type { ResolvedRun } from './resolveRun.js';
import { terminalAlertKind } from './terminalAlert.js';

export function attentionFor(run: ResolvedRun, terminal: NodeJS.WriteStream = process.stdout): (event: AgentEvent) => void {
  const { settings } = run;
  const cwd = resolve(run.cwd);
  return attentionSignals({
    terminal: terminalAlertKind(settings.notifications),
    write: (bytes) => terminal.write(bytes),
    notify:
      settings.notify.length > 0
        ? notifyProgram({ argv: settings.notify, cwd, logFile: join(run.dataDir ?? run.configDir, 'notify.log'), keepEnv: settings['shellEnvironment.keep'] })
        : null,
    minTurnMs: settings.notifyAfterSeconds * 1000,
    cwd,
  });
}
