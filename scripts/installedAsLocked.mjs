// Whether a package's node_modules already holds exactly what its package-lock.json names, as npm
// itself recorded the install (node_modules/.package-lock.json): then `npm ci` has nothing to do.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

export function installedAsLocked(root) {
  const wanted = readJson(join(root, 'package-lock.json'))?.packages;
  const installed = readJson(join(root, 'node_modules', '.package-lock.json'))?.packages;
  if (!wanted || !installed) return false;
  for (const [path, entry] of Object.entries(wanted)) {
    if (!path.startsWith('node_modules/')) continue;
    const have = installed[path];
    // Optional packages for other platforms are never installed; whatever is installed must match.
    if (!have) {
      if (entry.optional) continue;
      return false;
    }
    if (have.version !== entry.version) return false;
  }
  return true;
}
