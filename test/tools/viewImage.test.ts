// view_image: an image of the workspace, recognised by its bytes, becomes an input_image data URL
// in the tool's content parts; anything else (text named .png, too large, outside the workspace
// through a symlink, a directory) is a message for the model and no image.
import { symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VIEW_IMAGE_MAX_BYTES, viewImageTool } from '../../src/tools/viewImage.js';
import { context, run, tempDir, workspace } from './helpers.js';
import { TINY_PNG } from '../helpers/images.js';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x1a, 0, 0, 0]), Buffer.from('WEBPVP8L'), Buffer.alloc(8)]);

describe('view_image', () => {
  it.each([
    ['shot.png', TINY_PNG, 'PNG', 'image/png'],
    ['photo.jpg', JPEG, 'JPEG', 'image/jpeg'],
    ['anim.gif', GIF, 'GIF', 'image/gif'],
    // The name says PNG; the bytes say WebP, and the bytes win.
    ['misnamed.png', WEBP, 'WebP', 'image/webp'],
  ])('%s goes to the model as a %s data URL', async (name, bytes, format, mime) => {
    const { guard } = workspace({ [`img/${name}`]: bytes });
    const result = await run(viewImageTool, { path: `img/${name}` }, context(guard));
    expect(result.ok).toBe(true);
    expect(result.output).toBe(`img/${name}: ${format} image, ${bytes.length} bytes`);
    expect(result.outputParts).toEqual([
      { type: 'input_text', text: result.output },
      { type: 'input_image', image_url: `data:${mime};base64,${bytes.toString('base64')}`, detail: 'auto' },
    ]);
  });

  it('refuses a text file named like an image, a directory and a missing file, with no image', async () => {
    const { guard } = workspace({ 'fake.png': 'not an image at all\n', 'dir/a.txt': 'x' });
    const fake = await run(viewImageTool, { path: 'fake.png' }, context(guard));
    expect(fake).toMatchObject({ ok: false });
    expect(fake.output).toContain('is not a PNG, JPEG, GIF or WebP image');
    expect(fake.outputParts).toBeUndefined();
    expect((await run(viewImageTool, { path: 'dir' }, context(guard))).output).toContain('is a directory');
    expect((await run(viewImageTool, { path: 'nope.png' }, context(guard))).ok).toBe(false);
  });

  it('refuses an image over the size cap without reading it', async () => {
    const { root, guard } = workspace({ 'big.png': TINY_PNG });
    truncateSync(join(root, 'big.png'), VIEW_IMAGE_MAX_BYTES + 1);
    const result = await run(viewImageTool, { path: 'big.png' }, context(guard));
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/big\.png is 5\.0 MB, over the 5\.0 MB view_image takes/);
    expect(result.outputParts).toBeUndefined();
  });

  it('stays in the workspace: a symlink to an image outside it is refused', async () => {
    const outside = tempDir('wsagent-outside-');
    writeFileSync(join(outside, 'secret.png'), TINY_PNG);
    const { root, guard } = workspace();
    symlinkSync(join(outside, 'secret.png'), join(root, 'link.png'));
    const result = await run(viewImageTool, { path: 'link.png' }, context(guard));
    expect(result.ok).toBe(false);
    expect(result.output).toContain('outside the workspace');
    expect(result.outputParts).toBeUndefined();
    expect((await run(viewImageTool, { path: join(outside, 'secret.png') }, context(guard))).ok).toBe(false);
  });
});
