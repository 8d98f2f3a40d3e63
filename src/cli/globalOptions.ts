// The options every agent command shares, and their translation into setting flags.
import { type Command, Option } from 'commander';
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
  cd?: string;
  fullAuto?: boolean;
  yolo?: boolean;
  dangerouslyBypassApprovalsAndSandbox?: boolean;
  config?: string[];
  profile?: string;
  color?: 'auto' | 'always' | 'never';
  ephemeral?: boolean;
  image?: string[];
  outputSchema?: string;
  jsonFormat?: 'wsagent' | 'codex';
  plan?: boolean;
}

export const SANDBOX_MODES = ['read-only', 'workspace-write', 'danger-full-access'];

/** A repeatable option's values, in order. */
export const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function addGlobalOptions(cmd: Command): Command {
  return cmd
    .option('-p, --prompt <text>', 'one-shot: answer this prompt, print the answer, exit')
    .option('-m, --model <name>', 'model to use')
    .option('--base-url <url>', 'API base URL (e.g. the simulator: http://127.0.0.1:PORT/v1)')
    .addOption(new Option('--transport <mode>', 'auto (socket, falling back to HTTP) | ws | http').choices(['auto', 'ws', 'http']))
    .addOption(new Option('-a, --approval <mode>', APPROVAL_MODE_CHOICES).choices(APPROVAL_MODES))
    .addOption(
      new Option('-s, --sandbox <mode>', 'where commands run: workspace-write (default) | read-only | danger-full-access (no sandbox)').choices(SANDBOX_MODES),
    )
    .option('--network', 'let sandboxed commands use the network')
    .option('--store', 'store responses server-side (they survive reconnects)')
    .option('--no-store', 'keep state only in the connection (default)')
    .option('--json', 'print every event as one JSON line (one-shot and exec)')
    .addOption(
      new Option('--json-format <format>', 'the --json events: wsagent (default) or codex (Codex `exec --json` events); implies --json').choices([
        'wsagent',
        'codex',
      ]),
    )
    .option('-o, --output-last-message <file>', 'write the final answer to this file')
    .option('--output-schema <file>', 'a JSON Schema the final answer must conform to (sent as text.format; validated; exit 1 if it does not conform)')
    .option('-C, --cwd <dir>', 'work in this directory')
    .option('--cd <dir>', 'same as --cwd')
    .option('--full-auto', 'same as --approval full-auto --sandbox workspace-write')
    .option('--yolo', 'no approvals and no sandbox: --approval full-auto --sandbox danger-full-access')
    .option('--dangerously-bypass-approvals-and-sandbox', 'same as --yolo')
    .option(
      '-c, --config <key=value>',
      'override a setting for this run, e.g. -c sandbox.network=true (repeatable; values parsed as JSON when they parse)',
      collect,
    )
    .option('--profile <name>', 'apply the settings of profiles.NAME from the config file')
    .addOption(new Option('--color <when>', 'colour output: auto (default) | always | never').choices(['auto', 'always', 'never']))
    .option('--ephemeral', 'write no session file (the run cannot be resumed)')
    .option('-i, --image <file>', 'attach an image to the first prompt (repeatable)', collect)
    .option('--plan', 'plan first: only read-only tools; the model answers with a plan and changes nothing (-p and exec)')
    .option('--max-turns <n>', 'model requests allowed per turn')
    .option(
      '--resume [id]',
      'continue a saved session: an id, a unique prefix or "last"; alone, the TUI lists this workspace\'s sessions to pick from (-p and exec take the latest)',
    )
    .option('--verbose', 'print stack traces on errors')
    .addOption(
      new Option('--reasoning-effort <level>', "reasoning effort for reasoning models (default: the model's)").choices([
        'minimal',
        'low',
        'medium',
        'high',
        'xhigh',
      ]),
    )
    .option('--provider <name>', 'use a provider profile from the `providers` setting');
}

/** Flags that override settings (undefined when absent). */
export function settingFlags(opts: GlobalOptions): Partial<Record<SettingKey, string | boolean>> {
  const flags: Partial<Record<SettingKey, string | boolean>> = {};
  if (opts.model !== undefined) flags.model = opts.model;
  if (opts.baseUrl !== undefined) flags.baseUrl = opts.baseUrl;
  if (opts.transport !== undefined) flags.transport = opts.transport;
  if (opts.fullAuto) {
    flags.approval = 'full-auto';
    flags.sandbox = 'workspace-write';
  }
  if (opts.yolo || opts.dangerouslyBypassApprovalsAndSandbox) {
    flags.approval = 'full-auto';
    flags.sandbox = 'danger-full-access';
  }
  if (opts.approval !== undefined) flags.approval = opts.approval;
  if (opts.sandbox !== undefined) flags.sandbox = opts.sandbox;
  if (opts.network !== undefined) flags['sandbox.network'] = opts.network;
  if (opts.store !== undefined) flags.store = opts.store;
  if (opts.maxTurns !== undefined) flags.maxTurns = opts.maxTurns;
  if (opts.reasoningEffort !== undefined) flags.reasoningEffort = opts.reasoningEffort;
  if (opts.provider !== undefined) flags.provider = opts.provider;
  return flags;
}

/** --color: FORCE_COLOR / NO_COLOR for everything loaded after it (chalk, Ink, the UI theme). */
export function applyColor(when: GlobalOptions['color'], env: NodeJS.ProcessEnv = process.env): void {
  if (when === 'never') {
    env.NO_COLOR = '1';
    delete env.FORCE_COLOR;
  } else if (when === 'always') {
    delete env.NO_COLOR;
    env.FORCE_COLOR = '1';
  }
}
