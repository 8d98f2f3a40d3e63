// The command sandbox, in the three parts that can each be missing: bubblewrap itself, the user
// namespaces it needs (the same probe wsagent makes before running a command), and the private
// PID namespace and /proc of issue 19 (a command inside sees only its own processes), tried with
// the very arguments the sandbox uses. All warnings: without a sandbox wsagent asks before every
// command, and `exec --approval full-auto` refuses to start.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bwrapArgs, findBwrap, probeBwrap, readSwitch, USERNS_SWITCHES } from '../../tools/sandbox/index.js';
import { type DoctorCheck, ok, warn } from './doctorCheck.js';

const WITHOUT = 'without it the TUI asks before every command and `exec --approval full-auto` refuses to start';

export function checkSandbox(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): DoctorCheck[] {
  if (platform !== 'linux') return [warn('sandbox', `commands cannot be sandboxed on ${platform} (bubblewrap is Linux only)`, WITHOUT)];
  const bwrap = findBwrap(env);
  const bwrapRow = checkBwrap(bwrap, env);
  if (bwrapRow.status !== 'ok' || bwrap === null) return [bwrapRow, usernsFromKernel(), warn('sandbox: /proc', 'not checked: no bwrap', null)];
  const probe = probeBwrap(env, platform);
  if (!probe.ok)
    return [
      bwrapRow,
      warn('sandbox: user namespaces', `${probe.reason}; kernel: ${kernelSwitches()}`, usernsFix()),
      warn('sandbox: /proc', 'not checked: bwrap cannot start', null),
    ];
  return [bwrapRow, ok('sandbox: user namespaces', `bwrap makes user, PID and network namespaces (kernel: ${kernelSwitches()})`), checkProcIsolation(bwrap)];
}

function checkBwrap(path: string | null, env: NodeJS.ProcessEnv): DoctorCheck {
  const fix = `install bubblewrap (Debian/Ubuntu: apt install bubblewrap); ${WITHOUT}`;
  if (path === null) return warn('sandbox: bwrap', 'bubblewrap (bwrap) is not on PATH', fix);
  const named = env.WSAGENT_BWRAP ? ` (WSAGENT_BWRAP)` : '';
  if (!existsSync(path)) return warn('sandbox: bwrap', `${path}${named} does not exist`, env.WSAGENT_BWRAP ? `unset WSAGENT_BWRAP, or ${fix}` : fix);
  const version = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 5000 });
  if (version.status !== 0) return warn('sandbox: bwrap', `${path}${named} does not run (${version.error?.message ?? `exit ${version.status}`})`, fix);
  return ok('sandbox: bwrap', `${version.stdout.trim()} at ${path}${named}`);
}

function kernelSwitches(): string {
  const shown = USERNS_SWITCHES.map((path) => [path.replace('/proc/sys/', '').replace(/\//g, '.'), readSwitch(path)] as const).filter(
    ([, value]) => value !== '-',
  );
  return shown.map(([name, value]) => `${name}=${value}`).join(', ') || 'no user-namespace switches';
}

/** Without bwrap to try: what the kernel's switches say. */
function usernsFromKernel(): DoctorCheck {
  const blocked = usernsFix();
  if (blocked) return warn('sandbox: user namespaces', `not tried without bwrap; the kernel restricts them (${kernelSwitches()})`, blocked);
  return ok('sandbox: user namespaces', `not tried without bwrap; the kernel allows them (${kernelSwitches()})`);
}

/** The switch to turn, when the kernel is what stops bwrap; null when none is set against it. */
function usernsFix(): string | null {
  const [max, clone, apparmor] = USERNS_SWITCHES.map(readSwitch);
  if (max === '0') return 'sudo sysctl -w user.max_user_namespaces=15000';
  if (clone === '0') return 'sudo sysctl -w kernel.unprivileged_userns_clone=1';
  if (apparmor === '1') return 'allow bwrap user namespaces: an AppArmor profile for bwrap, or sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0';
  return null;
}

/**
 * A command in the sandbox lists /proc: with its own PID namespace it sees bwrap as PID 1 and
 * only a handful of processes; without, it would see this very process (and every other).
 */
function checkProcIsolation(bwrap: string): DoctorCheck {
  const workspace = mkdtempSync(join(tmpdir(), 'wsagent-doctor-'));
  const tmp = mkdtempSync(join(tmpdir(), 'wsagent-doctor-tmp-'));
  try {
    const args = bwrapArgs({ workspace, readOnlyWorkspace: true, tmpDir: tmp, readOnlyInside: [], hidden: [], network: false, cwd: workspace });
    const run = spawnSync(bwrap, [...args, 'sh', '-c', 'cat /proc/1/comm; ls -d /proc/[0-9]*'], { encoding: 'utf8', timeout: 5000 });
    if (run.status !== 0)
      return warn('sandbox: /proc', `a sandboxed command failed (${(run.stderr || '').trim().split('\n')[0] || `exit ${run.status}`})`, usernsFix());
    const [init, ...pids] = run.stdout.trim().split('\n');
    // The sandbox holds bwrap, sh and ls; the host holds at least this process and its parents.
    if (init !== 'bwrap' || pids.length > 8) {
      return warn(
        'sandbox: /proc',
        `a sandboxed command sees ${pids.length} processes, PID 1 is ${init}: not isolated`,
        'update bubblewrap (it needs --unshare-pid and --proc)',
      );
    }
    return ok('sandbox: /proc', `isolated: a sandboxed command sees ${pids.length} processes (bwrap as PID 1), none of yours`);
  } finally {
    rmSync(workspace, { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
  }
}
