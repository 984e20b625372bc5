import type { Prompts } from '../../generated/contracts.gen.js';

/** Prompt `greet`: a returned string becomes one user message. */
export default (async ({ name, city }) =>
  `Write a warm one-line greeting for ${name}${city ? ` from ${city}` : ''}.`) satisfies Prompts['greet'];
