// Injected by the esbuild bundle from package.json; the fallback serves tests that run sources.
declare const __WSAGENT_VERSION__: string | undefined;
export const VERSION: string = typeof __WSAGENT_VERSION__ === 'string' ? __WSAGENT_VERSION__ : '0.0.0-dev';
