// `wsagent config get|set|unset|list|path`: the persistent settings. Only the command definitions
// live here; the work (and the `conf` store) loads when a subcommand runs, so `--version` stays fast.
import type { Command } from 'commander';

const actions = () => import('./configActions.js');

export function registerConfigCommand(program: Command): void {
  const config = program
    .command('config')
    .description('show or change persistent settings (alone: list them, as `config list` does)')
    // Excess words reach the action, which names an unknown subcommand instead of commander's "too many arguments".
    .allowExcessArguments()
    .action(async (_opts: unknown, cmd: Command) =>
      (await actions()).configAlone(
        cmd.args,
        cmd.commands.map((c) => c.name()),
      ),
    );
  config
    .command('path')
    .description('print where settings and sessions are kept')
    .action(async () => (await actions()).configPath());
  config
    .command('list')
    .description('list every setting with its effective value and where it comes from')
    .action(async () => (await actions()).configList());
  config
    .command('get <key>')
    .description('print one setting (the API key only as set / not set)')
    .action(async (name: string) => (await actions()).configGet(name));
  config
    .command('set <key> [value]')
    .description('store a setting; without a value it is read from standard input (use this for apiKey)')
    .action(async (name: string, value: string | undefined) => (await actions()).configSet(name, value));
  config
    .command('unset <key>')
    .description('remove a stored setting (back to its default)')
    .action(async (name: string) => (await actions()).configUnset(name));
}
