/**
 * Protocol revision 2026-07-28 (stateless MCP) as a revision module of the engine, plus the pieces
 * its transports use. Served from the same `/mcp` endpoint and stdio as the 2025 revisions: a request
 * that declares the version in `_meta` (and carries no session) is served by this table.
 */
import type { RevisionModule } from '../dispatch-types.js';
import { REV_2026 } from './constants.js';
import { METHODS_2026 } from './methods.js';
import { mapError2026, postProcess2026 } from './results.js';

export const rev2026: RevisionModule = {
  version: REV_2026,
  stateless: true,
  methods: METHODS_2026,
  notifications: {
    'notifications/initialized': null,
    'notifications/roots/list_changed': null,
  },
  postProcess: postProcess2026,
  mapError: mapError2026,
};

export { REV_2026 } from './constants.js';
export type { StatelessOptions } from './options.js';
export { MissingClientCapabilityError } from './errors.js';
export { isStatelessRequest, serveStatelessPost } from './http.js';
