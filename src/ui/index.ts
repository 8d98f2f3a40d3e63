export * from './AgentController.js';
export { App, type AppProps } from './App.js';
export { runInteractive, type RunInteractiveOptions, NotATerminalError } from './runInteractive.js';
export { renderStats, resetRenderStats } from './renderStats.js';
