// Colour on or off for the whole UI. NO_COLOR (https://no-color.org: set and not empty) turns off
// every escape sequence the UI itself adds (colours, bold, dim, inverse) and strips those of the
// markdown and syntax highlighter. When colour is on, chalk still decides whether the terminal can
// show it.
import { createContext, useContext } from 'react';
import type { TextProps } from 'ink';

export function colorFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env['NO_COLOR'];
  return value === undefined || value === '';
}

export const ColorContext = createContext<boolean>(true);

export function useColor(): boolean {
  return useContext(ColorContext);
}

export type Tone = 'green' | 'yellow' | 'red' | 'cyan' | 'magenta' | 'blue' | 'gray';

export interface Look {
  tone?: Tone;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  inverse?: boolean;
}

/** Ink Text props for a look, or none at all when colour is off. */
export function paint(color: boolean, look: Look): Partial<TextProps> {
  if (!color) return {};
  return {
    ...(look.tone && { color: look.tone }),
    ...(look.bold && { bold: true }),
    ...(look.dim && { dimColor: true }),
    ...(look.italic && { italic: true }),
    ...(look.inverse && { inverse: true }),
  };
}
