import type { ResourceTemplates } from '../../generated/contracts.gen.js';

/** Resource template `test://template/{id}/data`: JSON naming the id. */
export default (async ({ id }) => JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` })) satisfies ResourceTemplates['template'];
