export * from './server.js';
export * from './scenario.js';
export * from './profiles.js';
export * from './faults.js';
export * from './requestLog.js';
export type { SimulatorSettings, LimitCloseBehaviour } from './simulatorState.js';
