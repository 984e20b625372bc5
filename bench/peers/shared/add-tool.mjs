/**
 * The one tool every benchmark row serves: `add`, `{a: number, b: number}` in, `{sum: number}` out.
 * Peers that take JSON Schema use ADD_INPUT_SCHEMA; SDK peers declare the same shape with zod.
 */
export const ADD_INPUT_SCHEMA = Object.freeze({
  type: 'object',
  properties: { a: { type: 'number' }, b: { type: 'number' } },
  required: ['a', 'b'],
  additionalProperties: false,
});

export const ADD_OUTPUT_SCHEMA = Object.freeze({
  type: 'object',
  properties: { sum: { type: 'number' } },
  required: ['sum'],
});

export const ADD_DESCRIPTION = 'Add two numbers';

/** The protocol revision the hand-written peers answer with (the clients ask for it). */
export const PROTOCOL_VERSION = '2025-11-25';

/**
 * Validates the arguments by hand (what a JSON Schema validator would check for ADD_INPUT_SCHEMA).
 * @returns an error message, or undefined when valid
 */
export function checkAddArguments(args) {
  if (args === null || typeof args !== 'object' || Array.isArray(args)) return 'arguments must be an object';
  for (const key of Object.keys(args)) if (key !== 'a' && key !== 'b') return `unknown argument ${key}`;
  if (typeof args.a !== 'number') return 'a must be a number';
  if (typeof args.b !== 'number') return 'b must be a number';
  return undefined;
}

/** The CallToolResult of `add`: text content plus structured content, as the SDKs produce it. */
export function addResult(a, b) {
  const sum = a + b;
  return { content: [{ type: 'text', text: JSON.stringify({ sum }) }], structuredContent: { sum } };
}
