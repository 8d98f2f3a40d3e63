// A `session/prompt`'s content blocks as what the agent takes: the text (resources the editor
// embedded or linked follow it, as the @-mentions they are) and images as data URLs.
import type { ContentBlock } from '@agentclientprotocol/sdk';

export interface PromptInput {
  text: string;
  images: string[];
}

export function promptInput(blocks: readonly ContentBlock[]): PromptInput {
  const parts: string[] = [];
  const images: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'text':
        parts.push(block.text);
        break;
      case 'image':
        images.push(block.uri?.startsWith('http') ? block.uri : `data:${block.mimeType};base64,${block.data}`);
        break;
      case 'resource': {
        const resource = block.resource;
        if ('text' in resource) parts.push(`<context uri="${resource.uri}">\n${resource.text}\n</context>`);
        else parts.push(`[attached: ${resource.uri}]`);
        break;
      }
      case 'resource_link':
        parts.push(`[@${block.name}](${block.uri})`);
        break;
      default:
        break;
    }
  }
  return { text: parts.join('\n\n').trim(), images };
}
