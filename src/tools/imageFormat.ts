// Which image a file holds, by its first bytes (its name can lie): the four formats the Responses
// API takes as `input_image` (PNG, JPEG, GIF, WebP). Four fixed signatures; a library that knows
// hundreds of formats would add weight and nothing the model could use.

export interface ImageFormat {
  name: 'PNG' | 'JPEG' | 'GIF' | 'WebP';
  mime: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';
}

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0): boolean =>
  bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

/** Bytes needed to tell the formats apart. */
export const IMAGE_SIGNATURE_BYTES = 12;

/** The image format of a file's first bytes, or null for anything else. */
export function imageFormatOf(head: Uint8Array): ImageFormat | null {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { name: 'PNG', mime: 'image/png' };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { name: 'JPEG', mime: 'image/jpeg' };
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return { name: 'GIF', mime: 'image/gif' };
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return { name: 'WebP', mime: 'image/webp' };
  return null;
}
