// -i/--image FILE: images attached to the first prompt as `input_image` parts, each a data URL.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { EXIT, UserFacingError } from './exitCodes.js';

const MIME: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp' };

export function imageDataUrls(files: string[]): string[] {
  return files.map((file) => {
    const mime = MIME[extname(file).toLowerCase()];
    if (!mime) throw new UserFacingError(`--image ${file}: not a PNG, JPEG, GIF or WebP file (by its extension)`, EXIT.usage);
    let data: Buffer;
    try {
      data = readFileSync(file);
    } catch (err) {
      throw new UserFacingError(`--image ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, EXIT.usage);
    }
    return `data:${mime};base64,${data.toString('base64')}`;
  });
}
