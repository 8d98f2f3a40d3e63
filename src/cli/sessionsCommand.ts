// `wsagent sessions`: the saved sessions, newest first, with what they were about.
import type { Command } from 'commander';

export function registerSessionsCommand(program: Command): void {
  program
    .command('sessions')
    .description('list saved sessions (resume one with --resume ID or --resume last)')
    .option('-n, --limit <n>', 'how many to show', '20')
    .action(async (opts: { limit: string }) => {
      // Loaded here, not at startup: `--version` must not pay for the session layer.
      const { dataDir, migrateLegacyDirs } = await import('../config/configDir.js');
      const { listSessions, readSession } = await import('../session/SessionFile.js');
      migrateLegacyDirs();
      const dir = dataDir();
      const sessions = listSessions(dir).slice(0, Math.max(1, Number(opts.limit) || 20));
      if (sessions.length === 0) {
        process.stdout.write('no saved sessions yet\n');
        return;
      }
      for (const s of sessions) {
        let summary = '';
        let model = '';
        let cwd = '';
        try {
          const loaded = readSession(s.path);
          model = loaded.header.model;
          cwd = loaded.header.cwd;
          const first = loaded.ledger.items.find((e) => e.origin === 'user');
          const content = (first?.item as { content?: Array<{ text?: string }> } | undefined)?.content;
          summary = (content?.map((c) => c.text ?? '').join(' ') ?? '').replace(/\s+/g, ' ').slice(0, 60);
        } catch {
          summary = '(unreadable)';
        }
        process.stdout.write(`${s.id}  ${s.modifiedAt.toISOString().slice(0, 16).replace('T', ' ')}  ${model.padEnd(12)} ${cwd}\n    ${summary}\n`);
      }
    });
}
