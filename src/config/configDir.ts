// Where wsagent keeps its files: the `conf` store's directory (~/.config/wsagent-nodejs on Linux),
// or WSAGENT_CONFIG_DIR when set (tests and portable installs use it).
import { dirname } from 'node:path';
import Conf from 'conf';

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.WSAGENT_CONFIG_DIR;
  if (override) return override;
  // conf resolves the platform's config directory; its file lives directly in it.
  return dirname(new Conf({ projectName: 'wsagent', configFileMode: 0o600 }).path);
}
