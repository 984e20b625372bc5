import type { Tools } from '../../generated/contracts.gen.js';

/** Tool `test_elicitation`: asks the user; the answer is echoed back. */
export default (async ({ message }, ctx) => {
  const answer = await ctx.elicit({
    message,
    requestedSchema: {
      type: 'object',
      properties: {
        username: { type: 'string', description: "User's response" },
        email: { type: 'string', description: "User's email address" },
      },
      required: ['username', 'email'],
    },
  });
  return `User response: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
}) satisfies Tools['test_elicitation'];
