import type { Resources } from '../../generated/contracts.gen.js';

const ABOUT = `# mcp-gen quickstart

Tools: \`sum\`, \`math.add\`. Resource template: \`users://{user_id}/profile\`.
Prompt: \`greet\` (its \`city\` argument completes from the \`cities\` provider).
`;

/** Resource `about://quickstart`: a string is sent as text with the mimeType from mcp.yaml. */
export default (async () => ABOUT) satisfies Resources['about'];
