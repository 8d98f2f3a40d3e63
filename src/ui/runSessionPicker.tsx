// Shows the --resume picker on the terminal and resolves with the user's choice; the picker erases
// itself first, so the session's own UI starts where it stood.
import { render } from 'ink';
import { type PickerChoice, type PickerSession, SessionPicker } from './components/SessionPicker.js';
import { ColorContext, colorFromEnv } from './theme.js';

export type { PickerChoice, PickerSession };

export interface SessionPickerOptions {
  workspace: string;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  color?: boolean;
  now?: number;
}

export async function runSessionPicker(sessions: PickerSession[], options: SessionPickerOptions): Promise<PickerChoice> {
  const stdout = options.stdout ?? process.stdout;
  let choice: PickerChoice = { kind: 'quit' };
  const instance = render(
    <ColorContext.Provider value={options.color ?? colorFromEnv()}>
      <SessionPicker
        sessions={sessions}
        workspace={options.workspace}
        width={Math.max(20, stdout.columns || 80)}
        rows={Math.max(3, (stdout.rows || 24) - 6)}
        now={options.now ?? Date.now()}
        onChoice={(chosen) => {
          choice = chosen;
        }}
      />
    </ColorContext.Provider>,
    { stdin: options.stdin ?? process.stdin, stdout, exitOnCtrlC: false, patchConsole: false },
  );
  await instance.waitUntilExit();
  return choice;
}
