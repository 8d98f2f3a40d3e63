export { McpManager, type McpManagerOptions, type ServerStatus } from './McpManager.js';
export { McpConnection } from './McpConnection.js';
export {
  checkServerName,
  DEFAULT_STARTUP_TIMEOUT_SECONDS,
  DEFAULT_TOOL_TIMEOUT_SECONDS,
  describeServer,
  loadServers,
  canonical as canonicalProjectPath,
  McpConfigError,
  parseServerConfig,
  projectConfigFile,
  readProjectSettings,
  storedForm,
  summarizeServer,
  userConfigFile,
  type McpServerConfig,
  type NamedServerConfig,
} from './mcpConfig.js';
export { mcpToolName } from './toolNames.js';
export { toFunctionParameters } from './strictSchema.js';
export { modelResult } from './toolResult.js';
