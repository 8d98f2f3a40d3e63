// The GitHub Action's install step (action.yml): `npm ci` and `npm run build` in the action's own
// checkout. `npm ci` is skipped when node_modules already holds exactly what package-lock.json
// names (npm's own record, node_modules/.package-lock.json, agrees with it): a second use of the
// action in one job, or a self-hosted runner that keeps the checkout, does not reinstall.
import { spawnSync } from 'node:child_process';
import { installedAsLocked } from './installedAsLocked.mjs';

const root = process.argv[2] ?? process.cwd();

function npm(args) {
  console.log(`wsagent action: npm ${args.join(' ')}`);
  const run = spawnSync('npm', args, { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    console.log(`::error::wsagent action: npm ${args.join(' ')} failed (exit ${run.status ?? run.signal})`);
    process.exit(1);
  }
}

if (installedAsLocked(root)) console.log('wsagent action: node_modules already matches package-lock.json; npm ci skipped');
else npm(['ci', '--no-audit', '--no-fund']);
npm(['run', 'build']);
