// `wsagent acp`: wsagent as an editor's agent over the Agent Client Protocol on stdio (Zed,
// JetBrains IDEs, Neovim and Emacs clients). Standard output carries the protocol and nothing
// else; every log line goes to stderr. Only registration lives here (acpRunner.ts is loaded on use).
import type { Command } from 'commander';
import type { GlobalOptions } from './globalOptions.js';

export function registerAcpCommand(program: Command): void {
  program
    .command('acp')
    .description('serve an editor over the Agent Client Protocol on stdio (Zed, JetBrains, Neovim, Emacs); see docs/acp.md')
    .action(async (_opts: unknown, cmd: Command) => {
      const { runAcp } = await import('./acpRunner.js');
      process.exitCode = await runAcp(cmd.optsWithGlobals<GlobalOptions>());
    });
}
