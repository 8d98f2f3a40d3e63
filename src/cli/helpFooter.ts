// The end of `wsagent --help`: exit codes and the environment variables of the settings, derived
// from their tables so the help never drifts from what the code does.
import { EXIT } from '../config/exitCodes.js';
import { KEYS } from '../config/settings.js';

const EXIT_MEANING: Record<keyof typeof EXIT, string> = {
  ok: 'done',
  taskFailed: 'the task failed (a failed turn, the turn limit, an answer not matching --output-schema)',
  usage: 'bad usage (unknown flag, bad argument)',
  config: 'configuration or authentication problem (no key, bad setting, 401/quota)',
  network: 'network failure the session could not recover from',
  hangup: 'the terminal went away (SIGHUP)',
  interrupted: 'interrupted (Ctrl-C, SIGINT)',
  closedOutput: 'standard output closed by its reader (`| head`) during a run, which was cancelled',
  terminated: 'terminated (SIGTERM, e.g. a CI timeout)',
};

export function helpFooter(): string {
  const codes = (Object.keys(EXIT) as Array<keyof typeof EXIT>).map((k) => `  ${String(EXIT[k]).padEnd(5)} ${EXIT_MEANING[k]}`);
  const vars = Object.entries(KEYS)
    .filter(([, spec]) => spec.env && spec.env.length > 0)
    .map(([key, spec]) => `  ${spec.env!.join(', ').padEnd(40)} ${key}`);
  return [
    '',
    'Exit codes:',
    ...codes,
    '',
    'Environment variables (settings: defaults < .wsagent/config.json < config file < --profile < environment < -c < flags):',
    ...vars,
    '  WSAGENT_CONFIG_DIR                       where settings (and, unless WSAGENT_DATA_DIR is set, sessions) live',
    '  WSAGENT_DATA_DIR                         where sessions and the workspace registry live',
    '  NO_COLOR, FORCE_COLOR                    colour off / on (--color never|always sets them)',
  ].join('\n');
}
