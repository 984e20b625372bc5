import type { Router } from 'express';
import type { McpServer } from '../server/types.js';

/**
 * Adds routes to the Express side of an app (everything but the `/mcp` fast path):
 * docs, REST tool routes, health and metrics. Installers are plain functions so an app can pick them.
 */
export type RouteInstaller = (router: Router, server: McpServer) => void;
