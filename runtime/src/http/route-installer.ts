import type { Router } from 'express';
import type { McpServer } from '../server/types.js';

/** What an app knows besides the server and may hand to its installers. */
export interface RouteInstallerOptions {
  /** The generated OpenAPI 3.1 document (`src/generated/openapi.gen.ts`), for `/docs.json` and `/swagger`. */
  readonly openapi?: object;
}

/**
 * Adds routes to the Express side of an app (everything but the `/mcp` fast path):
 * docs, REST tool routes, health and metrics. Installers are plain functions so an app can pick them.
 */
export type RouteInstaller = (router: Router, server: McpServer, options?: RouteInstallerOptions) => void;
