// Killing a command with everything it started. Commands run in their own process group
// (spawned detached), so one signal to the group reaches the shell, its children and their
// background jobs; descendants that moved to a group of their own are found through /proc (or
// `ps`) and signalled one by one. Groups still alive when wsagent exits are killed then.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  /** Exited but not yet reaped: it holds no resources and cannot be signalled away. */
  zombie: boolean;
}

/** Process groups of commands still running, killed if wsagent exits first. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

export function trackGroup(pid: number): void {
  liveGroups.add(pid);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const group of liveGroups) signal(-group, 'SIGKILL');
    });
  }
}

export function untrackGroup(pid: number): void {
  liveGroups.delete(pid);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(process.platform === 'win32' ? Math.abs(pid) : pid, sig);
  } catch {
    // already gone
  }
}

/** Every process on the machine this user can see, best effort. */
export function processTable(): ProcessInfo[] {
  const table: ProcessInfo[] = [];
  if (process.platform === 'linux') {
    let names: string[] = [];
    try {
      names = readdirSync('/proc');
    } catch {
      return table;
    }
    for (const name of names) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        // pid (comm) state ppid pgrp …: comm may hold spaces and parentheses, so split after the last ')'.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        table.push({ pid: Number(name), ppid: Number(fields[1]), pgid: Number(fields[2]), zombie: fields[0] === 'Z' });
      } catch {
        // exited meanwhile
      }
    }
  } else if (process.platform !== 'win32') {
    try {
      const out = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,pgid=,stat='], { encoding: 'utf8' });
      for (const line of out.split('\n')) {
        const [pid, ppid, pgid, stat] = line.trim().split(/\s+/);
        if (!pid || !ppid || !pgid) continue;
        table.push({ pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid), zombie: (stat ?? '').startsWith('Z') });
      }
    } catch {
      // no ps: the group signal alone will have to do
    }
  }
  return table;
}

/** The live processes of the tree rooted at `pid`: its group and every descendant. */
export function treeMembers(pid: number, table = processTable()): number[] {
  const children = new Map<number, number[]>();
  for (const p of table) {
    const list = children.get(p.ppid);
    if (list) list.push(p.pid);
    else children.set(p.ppid, [p.pid]);
  }
  const members = new Set<number>();
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift() as number) ?? []) {
      if (!members.has(child)) {
        members.add(child);
        queue.push(child);
      }
    }
  }
  for (const p of table) if (p.pgid === pid) members.add(p.pid);
  const live = new Set(table.filter((p) => !p.zombie).map((p) => p.pid));
  if (live.has(pid)) members.add(pid);
  return [...members].filter((p) => live.has(p));
}

/** True when `pid` exists and has not exited (zombies count as gone). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (process.platform !== 'linux') return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/**
 * Sends `sig` to the process group led by `pid` and to every descendant outside it. Members are
 * collected first: once the leader dies its orphans are re-parented and can no longer be found.
 * Returns the members signalled.
 */
export function signalTree(pid: number, sig: NodeJS.Signals, known: readonly number[] = []): number[] {
  const members = [...new Set([...known, ...treeMembers(pid)])];
  signal(-pid, sig);
  for (const member of members) signal(member, sig);
  return members;
}

/** SIGTERM to the whole tree, then SIGKILL after `graceMs` to whatever is left. */
export async function killTree(pid: number, graceMs = 2000): Promise<void> {
  const members = signalTree(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!members.some(isAlive) && treeMembers(pid).length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  signalTree(pid, 'SIGKILL', members);
}
