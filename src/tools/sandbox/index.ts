export {
  bindSandbox,
  CommandSandbox,
  type CommandLaunch,
  type CommandSandboxOptions,
  type ConfirmOutside,
  sandboxFor,
  type SandboxState,
} from './CommandSandbox.js';
export { bwrapArgs, findBwrap, probeBwrap, type BwrapProbe } from './bwrap.js';
export { readSwitch, USERNS_SWITCHES } from './probeCache.js';
export { runSandboxed } from './runSandboxed.js';
export { SandboxApprovals } from './sandboxApprovals.js';
