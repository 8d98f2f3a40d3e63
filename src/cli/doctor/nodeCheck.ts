// The Node.js version against package.json's `engines` (test/cli/doctor.test.ts keeps the two equal).
import { fail, ok, type DoctorCheck } from './doctorCheck.js';

export const MIN_NODE = '20.5.0';

function parts(version: string): number[] {
  return version
    .replace(/^v/, '')
    .split('.')
    .map((p) => Number.parseInt(p, 10) || 0);
}

export function isAtLeast(version: string, minimum: string): boolean {
  const have = parts(version);
  const need = parts(minimum);
  for (let i = 0; i < 3; i++) {
    if ((have[i] ?? 0) !== (need[i] ?? 0)) return (have[i] ?? 0) > (need[i] ?? 0);
  }
  return true;
}

export function checkNode(version: string = process.versions.node): DoctorCheck {
  if (isAtLeast(version, MIN_NODE)) return ok('node', `v${version} (wsagent needs ≥ ${MIN_NODE})`);
  return fail(
    'node',
    `v${version} is too old: wsagent needs ≥ ${MIN_NODE}`,
    `install Node.js ${MIN_NODE} or newer (e.g. the current LTS from nodejs.org, or \`nvm install --lts\`)`,
  );
}
