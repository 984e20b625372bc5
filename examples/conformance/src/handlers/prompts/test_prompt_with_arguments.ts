import type { Prompts } from '../../generated/contracts.gen.js';

/** Prompt `test_prompt_with_arguments`: both argument values appear in the message. */
export default (async ({ arg1, arg2 }) => `Prompt with arguments: arg1='${arg1}', arg2='${arg2}'`) satisfies Prompts['test_prompt_with_arguments'];
