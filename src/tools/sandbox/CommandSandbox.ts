// Where the model's commands run. `workspace-write` and `read-only` run each command inside
// bubblewrap (bwrap.ts); `danger-full-access` runs it as the user. When a sandbox was asked for
// but cannot be had, the state is `none`: commands then need the user's approval one by one
// (sandboxApprovals.ts), and wsagent says so at start. Never a silent fallback.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';

import type { SandboxModeName } from '../../config/settings.js';
import { commandEnv } from '../commandEnvironment.js';
import type { WorkspaceGuard } from '../WorkspaceGuard.js';
import { bwrapArgs, probeBwrap } from './bwrap.js';
import { hiddenPaths } from './hiddenPaths.js';
import { type BlockedBy, sandboxBlock } from './sandboxBlocked.js';

export type SandboxState = SandboxModeName | 'none';

/** What a command is launched with: its environment and, when sandboxed, the bwrap wrapper. */
export interface CommandLaunch {
  env: Record<string, string>;
  wrapper?: { file: string; args: string[] };
}

/** Asks the user whether a command the sandbox blocked may run once outside it. */
export type ConfirmOutside = (request: { callId: string; tool: string; command: string; reason: string }, signal: AbortSignal) => Promise<boolean>;

export interface CommandSandboxOptions {
  mode: SandboxModeName;
  network: boolean;
  /** Environment variable names (or `*` globs) commands keep although they look secret. */
  keep: readonly string[];
  workspace: string;
  /** More paths to hide besides the user's credentials (wsagent's directories, `sandbox.hide`; `~/…` allowed). */
  hide?: readonly string[];
  /** Paths taken off the hidden list (`sandbox.unhide`: one a build really needs, e.g. `~/.npmrc`). */
  unhide?: readonly string[];
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Where a successful bwrap probe is remembered across starts (probeCache.ts). */
  probeCacheFile?: string;
}

/** Variables that point a command at an agent holding keys (its socket is hidden too). */
const AGENT_VARIABLES = ['SSH_AUTH_SOCK', 'SSH_AGENT_PID', 'GPG_AGENT_INFO'];

const inside = (path: string, dir: string): boolean => path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);

export class CommandSandbox {
  readonly requested: SandboxModeName;
  readonly state: SandboxState;
  /** Why no sandbox could be had (state `none`). */
  readonly unavailableReason: string | null;
  readonly network: boolean;
  /** Set by the front end when someone can answer; absent, blocked commands are only reported. */
  confirmOutside: ConfirmOutside | null = null;
  private readonly keep: readonly string[];
  private readonly workspace: string;
  private readonly hide: readonly string[];
  private readonly unhide: readonly string[];
  private readonly env: NodeJS.ProcessEnv;
  private readonly bwrapPath: string | null;
  private tmpDir: string | null = null;

  constructor(options: CommandSandboxOptions) {
    this.requested = options.mode;
    this.network = options.network;
    this.keep = options.keep;
    this.workspace = options.workspace;
    this.env = options.env ?? process.env;
    this.hide = options.hide ?? [];
    this.unhide = options.unhide ?? [];
    if (options.mode === 'danger-full-access') {
      this.state = 'danger-full-access';
      this.unavailableReason = null;
      this.bwrapPath = null;
      return;
    }
    const probe = probeBwrap(this.env, options.platform, options.probeCacheFile);
    this.state = probe.ok ? options.mode : 'none';
    this.unavailableReason = probe.ok ? null : probe.reason;
    this.bwrapPath = probe.ok ? probe.path : null;
  }

  get sandboxed(): boolean {
    return this.state === 'read-only' || this.state === 'workspace-write';
  }

  /** Commands would run unconfined although the user did not choose that: each one asks first. */
  get commandsNeedApproval(): boolean {
    return this.state === 'none';
  }

  /** The one-line notice shown at start when no sandbox could be had, else null. */
  notice(): string | null {
    if (this.state !== 'none') return null;
    return (
      `no sandbox for commands: ${this.unavailableReason}. Every command will ask for approval first ` +
      '(without a terminal to answer, commands are refused); pass --sandbox danger-full-access to run them unconfined'
    );
  }

  /** How to launch a command: in the sandbox, or (`outside`, or no sandbox) as the user with a scrubbed environment. */
  launch(cwd: string, outside = false): CommandLaunch {
    if (!this.sandboxed || outside || this.bwrapPath === null) return { env: commandEnv({ keep: this.keep }, this.env) };
    this.tmpDir ??= mkdtempSync(join(tmpdir(), 'wsagent-sandbox-'));
    const hidden = hiddenPaths({ env: this.env, hide: this.hide, unhide: this.unhide })
      .filter((path) => !inside(this.workspace, path))
      // The sandbox's /tmp is private: what lies under the real /tmp is not visible anyway.
      .filter((path) => !inside(path, '/tmp') || inside(path, this.workspace))
      .flatMap((path) => {
        try {
          return [{ path, directory: statSync(path).isDirectory() }];
        } catch {
          return []; // gone since it was listed
        }
      });
    const readOnlyInside = ['.git', '.wsagent'].map((name) => join(this.workspace, name)).filter((path) => existsSync(path));
    const args = bwrapArgs({
      workspace: this.workspace,
      readOnlyWorkspace: this.state === 'read-only',
      readOnlyInside,
      tmpDir: this.tmpDir,
      hidden,
      network: this.network,
      cwd,
    });
    const env = commandEnv({ keep: this.keep, extra: { TMPDIR: '/tmp' } }, this.env);
    for (const name of AGENT_VARIABLES) delete env[name];
    return { env, wrapper: { file: this.bwrapPath, args } };
  }

  /** Whether a sandboxed command's output shows the sandbox stopped it. */
  blocked(output: string): BlockedBy | null {
    if (!this.sandboxed) return null;
    return sandboxBlock(output, { network: this.network, readOnlyWorkspace: this.state === 'read-only' });
  }

  /** Removes the session's private /tmp. */
  dispose(): void {
    if (this.tmpDir) rmSync(this.tmpDir, { recursive: true, force: true });
    this.tmpDir = null;
  }
}

/** The sandbox each workspace's commands run in (set once by the front end that built the agent). */
const byWorkspace = new WeakMap<WorkspaceGuard, CommandSandbox>();

export function bindSandbox(workspace: WorkspaceGuard, sandbox: CommandSandbox): void {
  byWorkspace.set(workspace, sandbox);
}

/** Null when nobody asked for a sandbox (tools used on their own): commands run as the user, environment scrubbed. */
export function sandboxFor(workspace: WorkspaceGuard): CommandSandbox | null {
  return byWorkspace.get(workspace) ?? null;
}
