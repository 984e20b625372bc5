import type { Tools } from '../../generated/contracts.gen.js';
import { field, sampledText } from '../../fixtures.js';

/** Tool `test_input_required_result_multiple_inputs`: three inputs requested in one round. */
export default (async (_input, ctx) => {
  const [name, greeting, roots] = await Promise.all([
    ctx.elicit(
      { message: 'What is your name?', requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
      { key: 'user_name' },
    ),
    ctx.sample({ messages: [{ role: 'user', content: { type: 'text', text: 'Generate a greeting' } }], maxTokens: 50 }, { key: 'greeting' }),
    ctx.listRoots({ key: 'client_roots' }),
  ]);
  return `Name: ${field(name, 'name')}; Greeting: ${sampledText(greeting) || 'Hello there!'}; Roots: ${roots.length}`;
}) satisfies Tools['test_input_required_result_multiple_inputs'];
