// `wsagent sessions`: the saved sessions, newest first, with what they were about; the ones
// recorded in this workspace (what `--resume last` picks from) are marked. `wsagent sessions
// prune` removes old ones with their undo snapshots.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT, UserFacingError } from './exitCodes.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const UNITS: Record<string, number> = { m: 60 * 1000, h: 60 * 60 * 1000, d: DAY_MS, w: 7 * DAY_MS };

/** `30d`, `12h`, `2w`, `90m` → milliseconds. */
export function parseAge(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([mhdw])\s*$/i.exec(text);
  if (!match) throw new UserFacingError(`--older-than ${text}: give an age such as 30d, 12h, 2w or 90m`, EXIT.usage);
  return Number(match[1]) * UNITS[match[2]!.toLowerCase()]!;
}

function workspaceOf(cmd: Command): string {
  const opts = cmd.optsWithGlobals<{ cwd?: string }>();
  return resolve(opts.cwd ?? process.cwd());
}

export function registerSessionsCommand(program: Command): void {
  const sessions = program
    .command('sessions')
    .description("list saved sessions, * = this workspace (resume one with --resume ID, or this workspace's latest with --resume last)")
    .option('-n, --limit <n>', 'how many to show', '20')
    .action(async (opts: { limit: string }, cmd: Command) => {
      // Loaded here, not at startup: `--version` must not pay for the session layer.
      const { dataDir, migrateLegacyDirs } = await import('../config/configDir.js');
      const { listSessions, sameDirectory } = await import('../session/sessionList.js');
      const { sessionOverview } = await import('../session/sessionOverview.js');
      migrateLegacyDirs();
      const dir = dataDir();
      const here = workspaceOf(cmd);
      const all = listSessions(dir).slice(0, Math.max(1, Number(opts.limit) || 20));
      if (all.length === 0) {
        process.stdout.write('no saved sessions yet\n');
        return;
      }
      for (const s of all) {
        const overview = sessionOverview(s.path, s.id, s.modifiedAt);
        const cwd = overview?.cwd ?? '';
        const turns = overview ? `${overview.turns} turn${overview.turns === 1 ? '' : 's'}` : '';
        const summary = overview ? overview.firstPrompt.slice(0, 60) : '(unreadable)';
        const mark = cwd !== '' && sameDirectory(cwd, here) ? '*' : ' ';
        const when = s.modifiedAt.toISOString().slice(0, 16).replace('T', ' ');
        process.stdout.write(`${mark} ${s.id}  ${when}  ${(overview?.model ?? '').padEnd(12)} ${turns.padStart(8)}  ${cwd}\n      ${summary}\n`);
      }
    });

  sessions
    .command('prune')
    .description('remove saved sessions not used for a while, and their undo snapshots')
    .option('--older-than <age>', 'last used longer ago than this (30d, 12h, 2w, 90m)', '30d')
    .action(async (opts: { olderThan: string }, cmd: Command) => {
      const ageMs = parseAge(opts.olderThan);
      const { rmSync } = await import('node:fs');
      const { dataDir, migrateLegacyDirs } = await import('../config/configDir.js');
      const [{ listSessions }, { readSessionHeader }] = await Promise.all([import('../session/sessionList.js'), import('../session/SessionFile.js')]);
      const { sessionWriter } = await import('../session/sessionLock.js');
      const { dataDirNamespace, deleteSessionSnapshots, snapshotSessions } = await import('../tools/snapshots/index.js');
      migrateLegacyDirs();
      const dir = dataDir();
      // Only this data directory's refs: another data directory's sessions are not ours to judge.
      const namespace = dataDirNamespace(dir);
      const cutoff = Date.now() - ageMs;
      const all = listSessions(dir);
      let removed = 0;
      for (const s of all) {
        if (s.modifiedAt.getTime() >= cutoff) continue;
        // A session in use (a wsagent writing it, maybe in a long command) is never removed.
        const writer = sessionWriter(s.path);
        if (writer !== null) {
          process.stdout.write(`kept ${s.id}: in use by a running wsagent (pid ${writer})\n`);
          continue;
        }
        const header = readSessionHeader(s.path);
        const refs = header ? await deleteSessionSnapshots(header.cwd, s.id, namespace).catch(() => 0) : 0;
        rmSync(s.path, { force: true });
        rmSync(`${s.path}.torn`, { force: true });
        rmSync(`${s.path}.lock`, { force: true }); // stale: its writer is gone
        removed++;
        const where = header ? ` (${header.cwd})` : '';
        process.stdout.write(
          `removed ${s.id}${where}, last used ${s.modifiedAt.toISOString().slice(0, 10)}${refs > 0 ? `, and ${refs} undo snapshot${refs === 1 ? '' : 's'}` : ''}\n`,
        );
      }
      // Snapshots in this workspace whose session file is gone can never be undone: remove them too.
      const kept = new Set(listSessions(dir).map((s) => s.id));
      const here = workspaceOf(cmd);
      for (const id of (await snapshotSessions(here, namespace)).keys()) {
        if (kept.has(id)) continue;
        const refs = await deleteSessionSnapshots(here, id, namespace).catch(() => 0);
        if (refs > 0) process.stdout.write(`removed ${refs} undo snapshot${refs === 1 ? '' : 's'} of ${id}, which has no session file\n`);
      }
      process.stdout.write(
        removed === 0
          ? `no session unused for more than ${opts.olderThan}; ${all.length} kept\n`
          : `removed ${removed} session${removed === 1 ? '' : 's'}; ${all.length - removed} kept\n`,
      );
    });
}
