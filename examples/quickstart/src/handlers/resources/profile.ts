import type { ResourceTemplates } from '../../generated/contracts.gen.js';

const NAMES = ['Alice', 'Bashar', 'Chen', 'Dana'];

/**
 * Resource template `users://{user_id}/profile`: `user_id` arrives validated and typed as a number
 * (mcp.yaml declares it an integer >= 1).
 */
export default (async ({ user_id }) => {
  const name = NAMES[(user_id - 1) % NAMES.length] ?? 'Alice';
  return { text: JSON.stringify({ id: user_id, name }), mimeType: 'application/json' };
}) satisfies ResourceTemplates['profile'];
