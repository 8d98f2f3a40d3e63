// What a sandboxed command must not see although the rest of the filesystem is readable: the
// credentials every developer machine collects, the agents that hold keys (ssh-agent, gpg-agent)
// and the user's runtime directory, whose session bus could start programs outside the sandbox
// (`systemd-run --user`). Settings add more (`sandbox.hide`) or give one back (`sandbox.unhide`).
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** Credentials in the user's home (files and directories), relative to it. */
export const CREDENTIALS_IN_HOME: readonly string[] = [
  '.ssh',
  '.aws',
  '.gnupg',
  join('.config', 'gh'),
  '.npmrc',
  '.netrc',
  '.git-credentials',
  join('.docker', 'config.json'),
  '.kube',
  '.pypirc',
  join('.config', 'gcloud'),
  '.azure',
];

/** Files in ~/.cargo whose name starts so (`credentials`, `credentials.toml`). */
const CARGO_CREDENTIALS = 'credentials';

export interface HiddenPathOptions {
  env: NodeJS.ProcessEnv;
  /** More paths to hide (absolute, or `~/…`). */
  hide?: readonly string[];
  /** Paths taken off the list (absolute, or `~/…`), exactly as the list names them. */
  unhide?: readonly string[];
}

/** `~/x` and `~` against the home directory; other relative paths against it too (a setting has no working directory). */
export function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return join(home, path.slice(2));
  return isAbsolute(path) ? resolve(path) : resolve(home, path);
}

function cargoCredentials(home: string, env: NodeJS.ProcessEnv): string[] {
  const dir = env.CARGO_HOME ? resolve(env.CARGO_HOME) : join(home, '.cargo');
  try {
    return readdirSync(dir)
      .filter((name) => name.startsWith(CARGO_CREDENTIALS))
      .map((name) => join(dir, name));
  } catch {
    return [];
  }
}

/** The agents' sockets and the runtime directory (sockets of the session bus, keyrings, the GnuPG agent). */
function agentSockets(env: NodeJS.ProcessEnv): string[] {
  const paths: string[] = [];
  if (env.SSH_AUTH_SOCK && isAbsolute(env.SSH_AUTH_SOCK)) paths.push(env.SSH_AUTH_SOCK);
  if (env.GNUPGHOME && isAbsolute(env.GNUPGHOME)) paths.push(env.GNUPGHOME);
  const uid = typeof process.getuid === 'function' ? process.getuid() : null;
  const runtime = env.XDG_RUNTIME_DIR || (uid !== null ? `/run/user/${uid}` : '');
  if (runtime && isAbsolute(runtime)) paths.push(runtime);
  return paths;
}

/** Every path to hide that exists now (the list is taken again for each command). */
export function hiddenPaths(options: HiddenPathOptions): string[] {
  const home = options.env.HOME || homedir();
  const unhide = new Set((options.unhide ?? []).map((p) => expandHome(p, home)));
  const all = [
    ...CREDENTIALS_IN_HOME.map((p) => join(home, p)),
    ...cargoCredentials(home, options.env),
    ...agentSockets(options.env),
    ...(options.hide ?? []).map((p) => expandHome(p, home)),
  ];
  return [...new Set(all)].filter((path) => !unhide.has(path) && existsSync(path));
}
