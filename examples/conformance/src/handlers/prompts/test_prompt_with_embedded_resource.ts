import type { Prompts } from '../../generated/contracts.gen.js';

/** Prompt `test_prompt_with_embedded_resource`: embeds the named resource, then asks about it. */
export default (async ({ resourceUri }) => [
  { role: 'user', content: { type: 'resource', resource: { uri: resourceUri, mimeType: 'text/plain', text: 'Embedded resource content for testing.' } } },
  { role: 'user', content: { type: 'text', text: 'Please process the embedded resource above.' } },
]) satisfies Prompts['test_prompt_with_embedded_resource'];
