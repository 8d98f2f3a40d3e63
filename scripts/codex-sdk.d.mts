export const CODEX_SDK_VERSION: string;
export function installCodexSdk(timeoutMs?: number): Promise<{ ok: true; entry: string; dir: string } | { ok: false; reason: string }>;
