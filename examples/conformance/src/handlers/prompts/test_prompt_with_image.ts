import type { Prompts } from '../../generated/contracts.gen.js';
import { PNG_1X1 } from '../../fixtures.js';

/** Prompt `test_prompt_with_image`: an image, then a question about it. */
export default (async () => [
  { role: 'user', content: { type: 'image', data: PNG_1X1, mimeType: 'image/png' } },
  { role: 'user', content: { type: 'text', text: 'Please analyze the image above.' } },
]) satisfies Prompts['test_prompt_with_image'];
