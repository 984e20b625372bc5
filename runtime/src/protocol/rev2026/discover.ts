/**
 * `server/discover` (2026-07-28): what `initialize` answered before, without a handshake. Every
 * server MUST implement it; clients may call it or negotiate inline through each request's `_meta`.
 */
import type { MethodSpec } from '../dispatch-types.js';
import type { Engine } from '../../server/engine.js';
import { META_SERVER_INFO, REV_2026, TASKS_EXTENSION } from './constants.js';
import { skillsCapability } from '../../skills/methods.js';
import { SKILLS_EXTENSION } from '../../skills/types.js';

/** Versions this revision module answers on the stateless wire. */
export const STATELESS_VERSIONS: readonly string[] = [REV_2026];

/** The capabilities a 2026 client sees (no logging/setLevel or resources/subscribe RPCs any more). */
export function capabilities2026(engine: Engine): Record<string, unknown> {
  const caps: Record<string, unknown> = {
    completions: {},
    logging: {},
    tools: { listChanged: true },
    resources: { subscribe: true, listChanged: true },
    prompts: { listChanged: true },
  };
  const extensions: Record<string, unknown> = {};
  if (engine.tools().some((t) => (t.taskSupport ?? 'forbidden') !== 'forbidden')) extensions[TASKS_EXTENSION] = {};
  const skills = skillsCapability(engine);
  if (skills !== undefined) extensions[SKILLS_EXTENSION] = skills;
  if (Object.keys(extensions).length > 0) caps['extensions'] = extensions;
  return caps;
}

/** `_meta` identifying the server on 2026 results. */
export function serverInfoMeta(engine: Engine): Record<string, unknown> {
  const i = engine.info;
  const info: Record<string, unknown> = { name: i.name, version: i.version };
  if (i.title !== undefined) info['title'] = i.title;
  if (i.description !== undefined) info['description'] = i.description;
  if (i.websiteUrl !== undefined) info['websiteUrl'] = i.websiteUrl;
  if (i.icons !== undefined) info['icons'] = i.icons;
  return { [META_SERVER_INFO]: info };
}

export const serverDiscover: MethodSpec = {
  bare: true,
  handle(engine) {
    const result: Record<string, unknown> = {
      supportedVersions: [...STATELESS_VERSIONS],
      capabilities: capabilities2026(engine),
    };
    if (engine.info.instructions !== undefined) result['instructions'] = engine.info.instructions;
    // nothing caller-specific in it: shared caches may keep it
    result['cacheScope'] = 'public';
    return result;
  },
};
