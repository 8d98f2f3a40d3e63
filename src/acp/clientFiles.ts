// The editor's file system as wsagent's EditorFiles: `fs/read_text_file` gives the buffer as the
// editor has it (unsaved changes included), `fs/write_text_file` puts the new text in the editor.
// Offered only when the client said so in `initialize` (clientCapabilities.fs); a read the editor
// cannot serve (no such file) falls back to the disk, where the tool reports it as usual.
// Writing without the write capability goes to the disk.
import type { AgentContext, FileSystemCapabilities } from '@agentclientprotocol/sdk';
import { writeFile } from 'node:fs/promises';
import type { EditorFiles } from '../tools/editorFiles.js';

export function clientFiles(client: AgentContext, capabilities: FileSystemCapabilities | undefined, sessionId: () => string): EditorFiles | null {
  const canRead = capabilities?.readTextFile === true;
  const canWrite = capabilities?.writeTextFile === true;
  if (!canRead && !canWrite) return null;
  return {
    read: async (abs) => {
      if (!canRead) return null;
      try {
        const { content } = await client.request('fs/read_text_file', { sessionId: sessionId(), path: abs });
        return content;
      } catch {
        return null;
      }
    },
    write: async (abs, text) => {
      // An editor that only reads: the disk, as without an editor.
      if (!canWrite) return writeFile(abs, text, 'utf8');
      await client.request('fs/write_text_file', { sessionId: sessionId(), path: abs, content: text });
    },
  };
}
