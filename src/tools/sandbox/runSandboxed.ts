// Runs a command the model asked for (run_command, run_tests) where its workspace's sandbox says,
// and tells the model when the sandbox is what made it fail. Interactively the user may let a
// blocked command run once outside the sandbox.
import { type CommandOutcome, runShellCommand } from '../commandRunner.js';
import { commandEnv } from '../commandEnvironment.js';
import type { ToolContext } from '../types.js';
import { sandboxFor } from './CommandSandbox.js';
import { blockedNote } from './sandboxBlocked.js';

export interface SandboxedRunOptions {
  /** The tool running the command (named when the user is asked to let it out of the sandbox). */
  tool: string;
  timeoutMs: number;
  headBytes?: number;
  tailBytes?: number;
  /** Turns an outcome into what the model reads (describeOutcome with the tool's hints). */
  describe: (outcome: CommandOutcome) => { ok: boolean; output: string };
}

export async function runSandboxed(command: string, ctx: ToolContext, options: SandboxedRunOptions): Promise<{ ok: boolean; output: string }> {
  const sandbox = sandboxFor(ctx.workspace);
  const cwd = ctx.workspace.root;
  const run = (outside: boolean): Promise<CommandOutcome> => {
    const launch = sandbox ? sandbox.launch(cwd, outside) : { env: commandEnv() };
    return runShellCommand(command, {
      cwd,
      timeoutMs: options.timeoutMs,
      signal: ctx.signal,
      ...(ctx.onOutput && { onOutput: ctx.onOutput }),
      ...(options.headBytes !== undefined && { headBytes: options.headBytes }),
      ...(options.tailBytes !== undefined && { tailBytes: options.tailBytes }),
      env: launch.env,
      ...(launch.wrapper && { wrapper: launch.wrapper }),
    });
  };
  const outcome = await run(false);
  const described = options.describe(outcome);
  if (!sandbox || described.ok || outcome.cancelled || outcome.timedOut) return described;
  const block = sandbox.blocked(outcome.output);
  if (!block) return described;

  const mode = sandbox.state;
  if (!sandbox.confirmOutside || !ctx.callId) return { ok: false, output: `${described.output}\n${blockedNote(mode, block, 'none')}` };
  const reason = `the ${mode} sandbox blocked this command (it may not use ${block.what}: "${block.evidence}"); run it once outside the sandbox, as you, with full access?`;
  let approved = false;
  try {
    approved = await sandbox.confirmOutside({ callId: ctx.callId, tool: options.tool, command, reason }, ctx.signal);
  } catch {
    approved = false; // cancelled while asking
  }
  if (!approved || ctx.signal.aborted) return { ok: false, output: `${described.output}\n${blockedNote(mode, block, 'denied')}` };
  ctx.onOutput?.('\n[sandbox] running once outside the sandbox\n');
  const again = options.describe(await run(true));
  return { ok: again.ok, output: `${described.output}\n${blockedNote(mode, block, 'approved')}\n${again.output}` };
}
