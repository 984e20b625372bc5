/**
 * Express on demand. Express (with body-parser, qs, ...) is about half of the runtime's import cost,
 * and a server that only serves `/mcp` never needs it, so it is loaded the first time it is used
 * (synchronously: Express is CommonJS).
 */
import { createRequire } from 'node:module';
import type expressFactory from 'express';

const requireCjs = createRequire(import.meta.url);
let loaded: typeof expressFactory | undefined;

/**
 * @example
 * const express = loadExpress();
 * const router = express.Router();
 */
export function loadExpress(): typeof expressFactory {
  return (loaded ??= requireCjs('express') as typeof expressFactory);
}
