export type { Tool, ToolContext, ToolKind, ToolResult, ValidationResult } from './types.js';
export { WorkspaceError, WorkspaceGuard, type ResolveOptions } from './WorkspaceGuard.js';
export {
  createToolRegistry,
  defaultTools,
  type AnyTool,
  type ParsedToolCall,
  type ToolRegistry,
  type ToolRegistryOptions,
  type ApplyPatchForm,
  type ApplyPatchSetting,
  APPLY_PATCH_SETTINGS,
  resolveApplyPatch,
} from './registry.js';
export { applyPatchTool, type ApplyPatchArgs } from './applyPatch/index.js';
export { updatePlanTool, type UpdatePlanArgs, type PlanStatus } from './updatePlan.js';
export { listFilesTool, type ListFilesArgs } from './listFiles.js';
export { readFileTool, type ReadFileArgs } from './readFile.js';
export { viewImageTool, type ViewImageArgs } from './viewImage.js';
export { createSearchTool, searchTool, type SearchArgs, type SearchEngineChoice, type SearchToolOptions } from './search.js';
export { ripgrepAvailable } from './searchRipgrep.js';
export { editFileTool, type EditFileArgs } from './editFile.js';
export { writeFileTool, type WriteFileArgs } from './writeFile.js';
export { runCommandTool, type RunCommandArgs } from './runCommand.js';
export { runTestsTool, type RunTestsArgs } from './runTests.js';
export { detectTestCommand, type TestCommand } from './testRunnerDetection.js';
export { gitStatusTool, type GitStatusArgs } from './gitStatus.js';
export { gitDiffTool, type GitDiffArgs } from './gitDiff.js';
export { createSpawnAgentsTool, DEFAULT_MAX_SUB_AGENTS, SPAWN_AGENTS_TOOL, type SubAgentRunner, type SubAgentTask } from './spawnAgents.js';
