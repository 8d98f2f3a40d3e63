// Recognising a command that failed because of the sandbox, from what it printed, so the model is
// told why (and not left to debug a "Read-only file system" it cannot fix).
export interface BlockedBy {
  /** What the sandbox refused: `writing outside the workspace`, `the network`. */
  what: string;
  /** The line of output that shows it. */
  evidence: string;
}

const FILESYSTEM = /Read-only file system|\bEROFS\b/;
const NETWORK =
  /Network is unreachable|\bENETUNREACH\b|Could not resolve host|Temporary failure in name resolution|Name or service not known|\bEAI_AGAIN\b|getaddrinfo ENOTFOUND|Couldn't connect to server|Connection refused|\bECONNREFUSED\b/;

/** The first sign in `output` that the sandbox stopped the command, or null. */
export function sandboxBlock(output: string, options: { network: boolean; readOnlyWorkspace: boolean }): BlockedBy | null {
  for (const line of output.split('\n')) {
    if (FILESYSTEM.test(line)) {
      return {
        what: options.readOnlyWorkspace
          ? 'writing files (the workspace is read-only too)'
          : 'writing outside the workspace and its private /tmp, or in its .git directory',
        evidence: line.trim().slice(0, 200),
      };
    }
    if (!options.network && NETWORK.test(line)) return { what: 'the network (no connections, not even to this machine)', evidence: line.trim().slice(0, 200) };
  }
  return null;
}

/** The note added at the end of the output the model reads. */
export function blockedNote(mode: string, block: BlockedBy, rerun: 'none' | 'denied' | 'approved'): string {
  const head = `[sandbox] this command was blocked by the ${mode} sandbox: it may not use ${block.what} ("${block.evidence}").`;
  if (rerun === 'approved') return `${head} The user approved running it once outside the sandbox; the output below is from that run.`;
  if (rerun === 'denied') return `${head} The user declined to run it outside the sandbox; find a way that stays inside the workspace, or ask the user.`;
  return `${head} Work inside the workspace (temporary files in /tmp are fine), or ask the user to run it with --sandbox danger-full-access.`;
}
