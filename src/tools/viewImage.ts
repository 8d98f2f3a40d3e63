// view_image: a workspace image shown to the model (Codex's tool of that name). The image goes
// back as an `input_image` part of the function_call_output (its `output` is then a list of content
// parts), a base64 data URL: the model sees the picture itself, not a description of it.
import { open, stat } from 'node:fs/promises';
import { IMAGE_SIGNATURE_BYTES, imageFormatOf } from './imageFormat.js';
import { notFoundMessage } from './pathHints.js';
import { type ArgsOf, checkArguments, invalid, objectSchema, type PropertySpecs } from './schema.js';
import { formatBytes } from './textFile.js';
import { failure, resolvePath } from './toolHelpers.js';
import type { Tool } from './types.js';

export type ViewImageArgs = ArgsOf<typeof SPECS>;

/** Larger images cost the model's context more than they show it; the API takes up to 50 MB a request. */
export const VIEW_IMAGE_MAX_BYTES = 5 * 1024 * 1024;

const SPECS = {
  path: { type: 'string', description: 'Image file to look at, relative to the workspace root (e.g. "docs/screenshot.png").' },
} as const satisfies PropertySpecs;

export const viewImageTool: Tool<ViewImageArgs> = {
  name: 'view_image',
  kind: 'read',
  description:
    'Look at an image file in the workspace (PNG, JPEG, GIF or WebP, up to ' +
    `${formatBytes(VIEW_IMAGE_MAX_BYTES)}): a screenshot, a diagram, a rendered chart. The image itself is returned to you.`,
  parameters: objectSchema(SPECS),

  validate(args) {
    const checked = checkArguments('view_image', args, SPECS);
    if (!checked.ok) return checked;
    if (checked.args.path.trim() === '') return invalid('view_image', '"path" is empty; give an image path such as "docs/screenshot.png".');
    return checked;
  },

  display: (args) => `view_image ${args.path}`,

  async execute(args, ctx) {
    const resolved = resolvePath(ctx.workspace, args.path);
    if (!resolved.ok) return resolved.result;
    const { abs, rel } = resolved;
    let handle;
    try {
      // Checked before opening: opening a FIFO for reading would wait for a writer.
      const info = await stat(abs);
      if (info.isDirectory()) return failure(`${rel} is a directory, not an image. Use list_files to see what it contains.`);
      if (!info.isFile()) return failure(`${rel} is not a regular file; view_image only reads image files.`);
      handle = await open(abs, 'r');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return failure(notFoundMessage(ctx.workspace, args.path, abs));
      return failure(`Cannot read ${rel}: ${(err as Error).message}`);
    }
    try {
      const { size } = await handle.stat();
      if (size > VIEW_IMAGE_MAX_BYTES) {
        return failure(`${rel} is ${formatBytes(size)}, over the ${formatBytes(VIEW_IMAGE_MAX_BYTES)} view_image takes; look at a smaller copy.`);
      }
      const data = await handle.readFile();
      const format = imageFormatOf(data.subarray(0, IMAGE_SIGNATURE_BYTES));
      if (!format) return failure(`${rel} is not a PNG, JPEG, GIF or WebP image (by its contents); read_file reads text files.`);
      const summary = `${rel}: ${format.name} image, ${formatBytes(data.length)}`;
      return {
        ok: true,
        output: summary,
        outputParts: [
          { type: 'input_text', text: summary },
          { type: 'input_image', image_url: `data:${format.mime};base64,${data.toString('base64')}`, detail: 'auto' },
        ],
      };
    } finally {
      await handle.close();
    }
  },
};
