// The sandbox the model's commands run in, built from the settings for one agent: the user's
// credentials and wsagent's own directories hidden, and — when someone can answer — a way to ask
// whether a command the sandbox blocked may run once outside it.
import { join } from 'node:path';
import envPaths from 'env-paths';

import type { AgentEvent } from '../agent/events.js';
import type { Approver } from '../agent/ports.js';
import type { Settings } from '../config/settings.js';
import type { ApprovalMode } from '../tools/approvalPolicy.js';
import { bindSandbox, CommandSandbox, type ConfirmOutside } from '../tools/sandbox/index.js';
import type { WorkspaceGuard } from '../tools/WorkspaceGuard.js';
import { EXIT, UserFacingError } from './exitCodes.js';

/** Asks through the usual approval path, as a call of its own so the prompt is a fresh one. */
function confirmOutsideWith(approver: Approver, emit: (event: AgentEvent) => void): ConfirmOutside {
  return async ({ callId, tool, command, reason }, signal) => {
    const id = `${callId}.outside-sandbox`;
    const display = `$ ${command.split('\n')[0]?.slice(0, 120)} (outside the sandbox)`;
    const args = { command };
    emit({ type: 'tool.approval_required', callId: id, name: tool, args, display, reason });
    const answer = await approver({ callId: id, name: tool, args, display, kind: 'command' }, signal);
    const approved = answer.decision !== 'deny';
    emit({
      type: 'tool.completed',
      callId: id,
      name: tool,
      ok: approved,
      output: approved ? 'approved: running it once outside the sandbox' : 'declined: it stays blocked',
      durationMs: 0,
    });
    return approved;
  };
}

export function createCommandSandbox(opts: {
  settings: Settings;
  workspace: WorkspaceGuard;
  configDir: string;
  dataDir?: string;
  approver: Approver | null;
  emit: (event: AgentEvent) => void;
}): CommandSandbox {
  const paths = envPaths('wsagent', { suffix: 'nodejs' });
  const sandbox = new CommandSandbox({
    mode: opts.settings.sandbox,
    network: opts.settings['sandbox.network'],
    keep: opts.settings['shellEnvironment.keep'],
    workspace: opts.workspace.root,
    // Per machine, beside the sessions (WSAGENT_CONFIG_DIR / WSAGENT_DATA_DIR move it with them).
    probeCacheFile: join(opts.dataDir ?? opts.configDir, 'bwrap-probe.json'),
    hide: [
      ...new Set([opts.configDir, ...(opts.dataDir ? [opts.dataDir] : []), paths.config, paths.data, paths.cache, paths.log, paths.temp]),
      ...opts.settings['sandbox.hide'],
    ],
    unhide: opts.settings['sandbox.unhide'],
  });
  if (opts.approver) sandbox.confirmOutside = confirmOutsideWith(opts.approver, opts.emit);
  bindSandbox(opts.workspace, sandbox);
  return sandbox;
}

/**
 * A run where no one can answer (exec, -p) in a mode that lets commands run without asking, but
 * with no sandbox to run them in: every command would be refused and the run would still end
 * "successfully" having done nothing. Refused before the first request instead (exit 3), naming
 * both ways out. Only full-auto: in suggest and auto-edit commands ask anyway, so a refusal is
 * what the user chose (and --yolo means danger-full-access, which needs no sandbox).
 */
export function refuseUnattendedWithoutSandbox(sandbox: CommandSandbox, approval: ApprovalMode, canAsk: boolean): void {
  if (canAsk || sandbox.state !== 'none' || approval !== 'full-auto') return;
  throw new UserFacingError(
    `approval mode "full-auto" would run commands, but none can be sandboxed here: ${sandbox.unavailableReason}. ` +
      'Install bubblewrap and allow unprivileged user namespaces, or pass --sandbox danger-full-access to run commands unconfined.',
    EXIT.config,
  );
}
