// bubblewrap (`bwrap`): finding it, probing once whether it can make a sandbox here (it needs
// user namespaces, or root), and the arguments that build the sandbox a command runs in.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { probeSucceededBefore, rememberProbeSuccess } from './probeCache.js';

export type BwrapProbe = { ok: true; path: string } | { ok: false; reason: string };

const probes = new Map<string, BwrapProbe>();

/** `WSAGENT_BWRAP` (a path) overrides the search on PATH, so tests can take the sandbox away. */
export function findBwrap(env: NodeJS.ProcessEnv = process.env): string | null {
  const override = env.WSAGENT_BWRAP;
  if (override) return override;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'bwrap');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * Whether a sandbox can be had on this machine: bwrap found and `bwrap … true` succeeds (cached per
 * path in the process, and across starts in `cacheFile` when given: see probeCache.ts).
 */
export function probeBwrap(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, cacheFile?: string): BwrapProbe {
  if (platform !== 'linux') return { ok: false, reason: `commands cannot be sandboxed on ${platform} (wsagent's sandbox uses bubblewrap, on Linux)` };
  const path = findBwrap(env);
  if (path === null) return { ok: false, reason: 'bubblewrap (bwrap) is not installed (Debian/Ubuntu: apt install bubblewrap)' };
  const cached = probes.get(path);
  if (cached) return cached;
  if (cacheFile && probeSucceededBefore(cacheFile, path)) {
    probes.set(path, { ok: true, path });
    return { ok: true, path };
  }
  // The same namespaces the sandbox uses: a machine may allow a user namespace but not mounting a fresh /proc.
  const args = ['--ro-bind', '/', '/', '--dev', '/dev', '--unshare-pid', '--proc', '/proc', '--unshare-net', '--die-with-parent', 'true'];
  const run = spawnSync(path, args, { encoding: 'utf8', timeout: 5000 });
  let probe: BwrapProbe;
  if (run.error) probe = { ok: false, reason: `${path} could not be run (${(run.error as NodeJS.ErrnoException).code ?? run.error.message})` };
  else if (run.status !== 0) {
    const why = (run.stderr || '').trim().split('\n')[0] || `exit code ${run.status ?? run.signal}`;
    probe = { ok: false, reason: `${path} cannot create a sandbox here (${why}); user namespaces may be disabled` };
  } else {
    probe = { ok: true, path };
    if (cacheFile) rememberProbeSuccess(cacheFile, path);
  }
  probes.set(path, probe);
  return probe;
}

export interface BwrapLayout {
  /** The workspace root, writable unless `readOnlyWorkspace`. */
  workspace: string;
  readOnlyWorkspace: boolean;
  /** A host directory mounted as the sandbox's /tmp (private to this session). */
  tmpDir: string;
  /** Paths inside the workspace kept read-only (its .git and .wsagent: what runs outside the sandbox later). */
  readOnlyInside: string[];
  /** Existing paths hidden behind an empty read-only directory (or /dev/null for a file). */
  hidden: Array<{ path: string; directory: boolean }>;
  network: boolean;
  cwd: string;
}

/**
 * The filesystem read-only (the user's home included), a private /tmp, the workspace writable
 * but for its .git and .wsagent (as in Codex: a command cannot plant a hook or a config that git,
 * or the next wsagent session, would run outside the sandbox), secrets hidden, no network. Its
 * own PID namespace with a fresh /proc (as Codex's Linux sandbox and Flatpak do): a command sees
 * only its own processes, not wsagent's environment or anyone else's. Order matters: later
 * mounts cover earlier ones.
 */
export function bwrapArgs(layout: BwrapLayout): string[] {
  const args = ['--ro-bind', '/', '/', '--dev', '/dev', '--unshare-pid', '--proc', '/proc', '--bind', layout.tmpDir, '/tmp'];
  args.push(layout.readOnlyWorkspace ? '--ro-bind' : '--bind', layout.workspace, layout.workspace);
  if (!layout.readOnlyWorkspace) for (const path of layout.readOnlyInside) args.push('--ro-bind', path, path);
  for (const { path, directory } of layout.hidden) {
    if (directory) args.push('--tmpfs', path, '--remount-ro', path);
    else args.push('--ro-bind', '/dev/null', path);
  }
  if (!layout.network) args.push('--unshare-net');
  // --die-with-parent: when wsagent dies (even by kill -9) bwrap dies, the namespace's PID 1 with
  // it, and the kernel kills every process left in the namespace. --new-session: no command can
  // push keystrokes into a terminal it shares (TIOCSTI). killTree still finds them through /proc.
  args.push('--die-with-parent', '--new-session', '--chdir', layout.cwd);
  return args;
}
