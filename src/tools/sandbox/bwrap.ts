// bubblewrap (`bwrap`): finding it, probing once whether it can make a sandbox here (it needs
// user namespaces, or root), and the arguments that build the sandbox a command runs in.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { probeSucceededBefore, rememberProbeSuccess } from './probeCache.js';

export type BwrapProbe = { ok: true; path: string } | { ok: false; reason: string };

const probes = new Map<string, BwrapProbe>();

/** `WSAGENT_BWRAP` (a path) overrides the search on PATH, so tests can take the sandbox away. */
function findBwrap(env: NodeJS.ProcessEnv): string | null {
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
  const run = spawnSync(path, ['--ro-bind', '/', '/', '--dev', '/dev', '--unshare-net', '--die-with-parent', 'true'], { encoding: 'utf8', timeout: 5000 });
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
  /** Paths inside the workspace kept read-only (its .git: tools do not write git internals). */
  readOnlyInside: string[];
  /** Existing paths hidden behind an empty read-only directory (or /dev/null for a file). */
  hidden: Array<{ path: string; directory: boolean }>;
  network: boolean;
  cwd: string;
}

/**
 * The filesystem read-only (the user's home included), a private /tmp, the workspace writable
 * but for its .git (as in Codex: a command cannot plant a hook or a config that git, run by
 * wsagent outside the sandbox, would execute), secrets hidden, no network. Order matters: later mounts cover earlier ones.
 */
export function bwrapArgs(layout: BwrapLayout): string[] {
  const args = ['--ro-bind', '/', '/', '--dev', '/dev', '--bind', layout.tmpDir, '/tmp'];
  args.push(layout.readOnlyWorkspace ? '--ro-bind' : '--bind', layout.workspace, layout.workspace);
  if (!layout.readOnlyWorkspace) for (const path of layout.readOnlyInside) args.push('--ro-bind', path, path);
  for (const { path, directory } of layout.hidden) {
    if (directory) args.push('--tmpfs', path, '--remount-ro', path);
    else args.push('--ro-bind', '/dev/null', path);
  }
  if (!layout.network) args.push('--unshare-net');
  // The sandbox dies with wsagent; its processes stay in wsagent's process group for killTree.
  args.push('--die-with-parent', '--chdir', layout.cwd);
  return args;
}
