// The options every agent command shares, and their translation into setting flags.
import { Command, Option } from 'commander';
import { APPROVAL_MODES, APPROVAL_MODE_CHOICES } from '../config/approvalModes.js';
import type { SettingKey } from '../config/settings.js';

export interface GlobalOptions {
  model?: string;
  baseUrl?: string;
  transport?: string;
  approval?: string;
  sandbox?: string;
  network?: boolean;
  store?: boolean;
  json?: boolean;
  outputLastMessage?: string;
  cwd?: string;
  maxTurns?: string;
  verbose?: boolean;
  resume?: string | boolean;
  prompt?: string;
  reasoningEffort?: string;
  provider?: string;
}

export function addGlobalOptions(cmd: Command): Command {
  return cmd
    .option('-p, --prompt <text>', 'one-shot: answer this prompt, print the answer, exit')
    .option('-m, --model <name>', 'model to use')
    .option('--base-url <url>', 'API base URL (e.g. the simulator: http://127.0.0.1:PORT/v1)')
    .addOption(new Option('--transport <mode>', 'auto (socket, falling back to HTTP) | ws | http').choices(['auto', 'ws', 'http']))
    .addOption(new Option('-a, --approval <mode>', APPROVAL_MODE_CHOICES).choices(APPROVAL_MODES))
    .addOption(
      new Option('-s, --sandbox <mode>', 'where commands run: workspace-write (default) | read-only | danger-full-access (no sandbox)').choices([
        'read-only',
        'workspace-write',
        'danger-full-access',
      ]),
    )
    .option('--network', 'let sandboxed commands use the network')
    .option('--store', 'store responses server-side (they survive reconnects)')
    .option('--no-store', 'keep state only in the connection (default)')
    .option('--json', 'print every event as one JSON line (one-shot and exec)')
    .option('--output-last-message <file>', 'write the final answer to this file')
    .option('-C, --cwd <dir>', 'work in this directory')
    .option('--max-turns <n>', 'model requests allowed per turn')
    .option('--resume [id]', 'continue a saved session (an id, a unique prefix, or "last")')
    .option('--verbose', 'print stack traces on errors')
    .addOption(new Option('--reasoning-effort <level>', 'reasoning effort for reasoning models (default: the model\'s)').choices(['minimal', 'low', 'medium', 'high', 'xhigh']))
    .option('--provider <name>', 'use a provider profile from the `providers` setting');
}

/** Flags that override settings (undefined when absent). */
export function settingFlags(opts: GlobalOptions): Partial<Record<SettingKey, string | boolean>> {
  const flags: Partial<Record<SettingKey, string | boolean>> = {};
  if (opts.model !== undefined) flags.model = opts.model;
  if (opts.baseUrl !== undefined) flags.baseUrl = opts.baseUrl;
  if (opts.transport !== undefined) flags.transport = opts.transport;
  if (opts.approval !== undefined) flags.approval = opts.approval;
  if (opts.sandbox !== undefined) flags.sandbox = opts.sandbox;
  if (opts.network !== undefined) flags['sandbox.network'] = opts.network;
  if (opts.store !== undefined) flags.store = opts.store;
  if (opts.maxTurns !== undefined) flags.maxTurns = opts.maxTurns;
  if (opts.reasoningEffort !== undefined) flags.reasoningEffort = opts.reasoningEffort;
  if (opts.provider !== undefined) flags.provider = opts.provider;
  return flags;
}
