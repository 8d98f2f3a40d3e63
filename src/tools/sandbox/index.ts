export {
  bindSandbox,
  CommandSandbox,
  type CommandLaunch,
  type CommandSandboxOptions,
  type ConfirmOutside,
  sandboxFor,
  type SandboxState,
} from './CommandSandbox.js';
export { probeBwrap, type BwrapProbe } from './bwrap.js';
export { runSandboxed } from './runSandboxed.js';
export { SandboxApprovals } from './sandboxApprovals.js';
