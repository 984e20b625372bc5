/**
 * The SEP-2640 methods: `skills/list` (every visible skill, atomic entries, paginated),
 * `skills/get` (one skill by its SKILL.md URI; -32602 when it is not one this caller may see) and
 * `resources/directory/read` (direct children of a skill directory). They read the skill resources
 * of the live registry, so roles hide a skill from every path at once.
 */
import type { MethodRequest, MethodSpec } from '../protocol/dispatch-types.js';
import { INVALID_PARAMS, METHOD_NOT_FOUND, RpcError } from '../protocol/errors.js';
import { paginate } from '../protocol/pagination.js';
import { requireString } from '../protocol/methods/params.js';
import { listHints, readHints } from '../protocol/rev2026/cache-hints.js';
import { REV_2026 } from '../protocol/rev2026/constants.js';
import { statelessOptions } from '../protocol/rev2026/options.js';
import type { Engine } from '../server/engine.js';
import { isSkillResource, SKILL_FILE } from './resources.js';
import type { LoadedSkill } from './types.js';

/** Skills whose resources this caller may see, in registry order. */
function visibleSkills(engine: Engine, request: MethodRequest): LoadedSkill[] {
  const out: LoadedSkill[] = [];
  const seen = new Set<LoadedSkill>();
  for (const e of engine.live.resources.visible(request.context.caller)) {
    if (!isSkillResource(e.def)) continue;
    const { skill } = e.def[SKILL_FILE];
    if (!seen.has(skill)) {
      seen.add(skill);
      out.push(skill);
    }
  }
  return out;
}

/** 2026-07-28 results carry SEP-2549 caching hints; earlier revisions do not know them. */
function withHints(engine: Engine, request: MethodRequest, result: Record<string, unknown>, skills: readonly LoadedSkill[], one: boolean): Record<string, unknown> {
  if (request.context.protocolVersion < REV_2026) return result;
  const ttl = statelessOptions(engine).listTtlMs;
  const hints = one ? readHints(skills[0], ttl) : listHints(skills, ttl);
  // a single skill's entry depends on no caller data beyond visibility: private only when role-restricted
  if (one) hints.cacheScope = skills[0]?.roles !== undefined && skills[0].roles.length > 0 ? 'private' : 'public';
  return { ...result, ...hints };
}

/** Without skills the extension is not declared, so its methods do not exist. */
function requireSkills(engine: Engine, method: string): void {
  if (skillsCapability(engine) === undefined) throw new RpcError(METHOD_NOT_FOUND, `Method not found: ${method} (this server serves no skills)`);
}

function unknownSkill(uri: string): RpcError {
  return new RpcError(INVALID_PARAMS, `Unknown skill: ${uri} is not the SKILL.md of a skill this server serves`, { uri });
}

export const skillsList: MethodSpec = {
  handle(engine, request) {
    requireSkills(engine, request.method);
    const all = visibleSkills(engine, request);
    const { page, nextCursor } = paginate(all, request.params?.['cursor'], engine.pageSize);
    const result: Record<string, unknown> = { skills: page.map((s) => s.entry) };
    if (nextCursor !== undefined) result['nextCursor'] = nextCursor;
    return withHints(engine, request, result, all, false);
  },
};

export const skillsGet: MethodSpec = {
  handle(engine, request) {
    requireSkills(engine, request.method);
    const uri = requireString(request.params, 'uri');
    const hit = engine.live.resources.byKey.get(uri);
    if (hit === undefined || !isSkillResource(hit.def) || !engine.canUse(request.context.caller, hit.def)) throw unknownSkill(uri);
    const { skill, file } = hit.def[SKILL_FILE];
    if (file.path !== 'SKILL.md') throw unknownSkill(uri);
    return withHints(engine, request, { skill: skill.entry }, [skill], true);
  },
};

export const directoryRead: MethodSpec = {
  handle(engine, request) {
    requireSkills(engine, request.method);
    const uri = requireString(request.params, 'uri');
    for (const skill of visibleSkills(engine, request)) {
      const children = skill.directories.get(uri);
      if (children === undefined) continue;
      const resources = children.map((c) => engine.live.resources.byKey.get(c.uri)?.wire ?? c);
      const { page, nextCursor } = paginate(resources, request.params?.['cursor'], engine.pageSize);
      return nextCursor === undefined ? { resources: page } : { resources: page, nextCursor };
    }
    throw new RpcError(INVALID_PARAMS, `Not a directory resource: ${uri} (resources/directory/read lists the folders of served skills)`, { uri });
  },
};

const declared = new WeakMap<object, boolean>();

/**
 * The extension's capability entry (`{ directoryRead: true }`) when the server serves any skill,
 * else undefined. Cached per registry state (the entries list is rebuilt on every change).
 *
 * @example
 * const skills = skillsCapability(engine);
 * if (skills) capabilities.extensions = { [SKILLS_EXTENSION]: skills };
 */
export function skillsCapability(engine: Engine): { directoryRead: true } | undefined {
  const entries = engine.live.resources.entries();
  let has = declared.get(entries);
  if (has === undefined) {
    has = entries.some((e) => isSkillResource(e.def));
    declared.set(entries, has);
  }
  return has ? { directoryRead: true } : undefined;
}
