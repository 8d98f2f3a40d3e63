// `wsagent doctor [--json] [--base-url URL]`: is this machine ready to run wsagent, and if not, what
// to do. The checks live in this folder, one idea per file (runDoctor.ts lists them).
import type { Command } from 'commander';
import type { GlobalOptions } from '../globalOptions.js';

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('check Node, directories, the API key, the base URL (DNS, TLS, HTTP, socket, warm-up, lanes, steering), sandbox, ripgrep, git and MCP servers')
    .option('--json', 'print the checks as a JSON array of {name, status: ok|fail|warn, detail, fix}')
    .option('--base-url <url>', 'check this base URL instead of the configured one')
    .action(async (_opts: unknown, cmd: Command) => {
      const { runDoctor } = await import('./runDoctor.js');
      process.exitCode = await runDoctor(cmd.optsWithGlobals<GlobalOptions>());
    });
}
