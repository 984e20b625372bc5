/**
 * The base method table: every method of the 2025 revisions. Revision modules override entries.
 */
import type { MethodSpec, NotificationHandler } from '../dispatch-types.js';
import { completionComplete } from './completion.js';
import { cancelled, initialize, initialized, ping } from './lifecycle.js';
import { mcpCall, mcpList } from './legacy.js';
import { loggingSetLevel } from './logging.js';
import { promptsGet, promptsList } from './prompts.js';
import { resourcesList, resourcesRead, resourcesSubscribe, resourcesUnsubscribe, templatesList } from './resources.js';
import { toolsCall, toolsList } from './tools.js';
import { directoryRead, skillsGet, skillsList } from '../../skills/methods.js';
import { tasksCancel2025, tasksGet2025, tasksList2025, tasksResult2025 } from '../tasks/methods-2025.js';

export const BASE_METHODS: Readonly<Record<string, MethodSpec>> = {
  initialize,
  ping,
  'tools/list': toolsList,
  'tools/call': toolsCall,
  'resources/list': resourcesList,
  'resources/templates/list': templatesList,
  'resources/read': resourcesRead,
  'resources/subscribe': resourcesSubscribe,
  'resources/unsubscribe': resourcesUnsubscribe,
  'prompts/list': promptsList,
  'prompts/get': promptsGet,
  'completion/complete': completionComplete,
  'logging/setLevel': loggingSetLevel,
  // SEP-2640 skills extension: answered only with meaning when skills are served (else an empty list / -32602)
  'skills/list': skillsList,
  'skills/get': skillsGet,
  'resources/directory/read': directoryRead,
  // 2025-11-25 tasks utility: -32601 on older revisions and when no tool allows tasks (2026-07-28 overrides get/cancel)
  'tasks/get': tasksGet2025,
  'tasks/result': tasksResult2025,
  'tasks/list': tasksList2025,
  'tasks/cancel': tasksCancel2025,
  'mcp.list': mcpList,
  'mcp.call': mcpCall,
};

export const BASE_NOTIFICATIONS: Readonly<Record<string, NotificationHandler>> = {
  'notifications/initialized': initialized,
  'notifications/cancelled': cancelled,
  'notifications/roots/list_changed': () => undefined,
  'notifications/progress': () => undefined,
};

export { invokeTool } from './tools.js';
export { resolveResource, coerceParams } from './resources.js';
export { legacyList } from './legacy.js';
