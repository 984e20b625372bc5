import type { Prompts } from '../../generated/contracts.gen.js';

/** Prompt `test_simple_prompt`: a string is one user text message. */
export default (async () => 'This is a simple prompt for testing.') satisfies Prompts['test_simple_prompt'];
