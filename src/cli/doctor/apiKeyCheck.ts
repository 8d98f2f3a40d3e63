// Whether there is an API key and where it comes from; never what it is.
import type { SettingKey, SettingSource, Settings } from '../../config/settings.js';
import { type DoctorCheck, fail, ok, warn } from './doctorCheck.js';

const NAME = 'API key';

/** Where the key was found, in the user's words. */
export function keySource(settings: Settings, sources: Partial<Record<SettingKey, SettingSource>>, configFile: string): string {
  const provider = settings.provider === null ? undefined : settings.providers[settings.provider];
  if (provider?.apiKeyEnv) return `the environment variable ${provider.apiKeyEnv} (provider "${settings.provider}")`;
  switch (sources.apiKey) {
    case 'env':
      return 'the environment variable OPENAI_API_KEY';
    case 'config':
      return `the config file ${configFile}`;
    case 'profile':
      return 'a profile of the config file';
    case 'project':
      return "the repository's .wsagent/config.json";
    case 'flag':
      return 'the command line (-c apiKey=…)';
    default:
      return 'the defaults';
  }
}

export function checkApiKey(settings: Settings, sources: Partial<Record<SettingKey, SettingSource>>, configFile: string): DoctorCheck {
  if (!settings.apiKey) {
    return fail(NAME, 'not set', 'export OPENAI_API_KEY=sk-…, or `wsagent config set apiKey` (reads it without echo, so it stays out of your shell history)');
  }
  const from = keySource(settings, sources, configFile);
  // Shown nowhere, but `ps` and the shell history see a command line.
  if (sources.apiKey === 'flag')
    return warn(NAME, `set (hidden), from ${from}`, 'keep keys off the command line: export OPENAI_API_KEY or `wsagent config set apiKey`');
  return ok(NAME, `set (hidden), from ${from}`);
}
