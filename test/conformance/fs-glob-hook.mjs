/**
 * Node 20 shim for @modelcontextprotocol/conformance: its CLI imports `globSync` from `fs`
 * (Node 22+) at start-up, although only its `tier-check` subcommand uses it. This hook resolves
 * the bare `fs` specifier of that package to a module re-exporting `node:fs` plus a `globSync`
 * that throws a clear error if ever called. Register with `node --import <this file>`.
 */
import { register } from 'node:module';

const hookSource = `
const SHIM = 'mcp-gen-fs-shim:fs';
export async function resolve(specifier, context, next) {
  if ((specifier === 'fs' || specifier === 'node:fs') && context.parentURL && context.parentURL.includes('/conformance-0.')) {
    return { url: SHIM, shortCircuit: true };
  }
  return next(specifier, context);
}
export async function load(url, context, next) {
  if (url === SHIM) {
    const source = "import fs from 'node:fs'; export * from 'node:fs'; export default fs;" +
      "export const globSync = fs.globSync ?? (() => { throw new Error('fs.globSync needs Node 22+ (conformance tier-check only)'); });";
    return { format: 'module', source, shortCircuit: true };
  }
  return next(url, context);
}
`;

register('data:text/javascript,' + encodeURIComponent(hookSource), import.meta.url);
