/**
 * Resources of mcp.yaml: static ones (`uri`) and RFC 6570 templates (`uriTemplate`), which share one
 * name namespace and the `handlers/resources/` folder.
 */
import type { JsonSchema, ResourceModel, ResourceTemplateModel } from '../model/types.js';
import { checkElementSchema, PROTO_MESSAGE } from './element-schemas.js';
import { isObject, own, setOwn, type JsonObject } from './json-schema-walk.js';
import { varNameOf } from './names.js';
import { identsFor } from './normalize-checks.js';
import { BASE_KEYS, completionRef, copyIfDefined, err, inKeyOrder, lazyPos, SCHEME, VAR_PREFIX, where, type Ctx } from './normalize-context.js';
import { schemaKeyOrders } from './structural.js';
import { bundleSchema } from './schema-refs.js';
import { closest } from './suggest.js';
import { parseUriTemplate, type TemplateVariable } from './uri-template.js';
import { locate, offsetInScalar, type PathSegment } from './yaml-source.js';

/** A variable without `params`: a string, or a list of strings when exploded (`{x*}`). */
function defaultParam(v: TemplateVariable): JsonSchema {
  return v.explode ? { type: 'array', items: { type: 'string' } } : { type: 'string' };
}

/**
 * Normalizes the `resources:` list into static resources and templates, reporting problems.
 *
 * @example
 * const { resources, templates } = normalizeResources(ctx, list(data, 'resources'), declared, used);
 */
export function normalizeResources(
  ctx: Ctx,
  resources: JsonObject[],
  declared: ReadonlySet<string>,
  usedCompletions: Set<string>,
): { resources: ResourceModel[]; templates: ResourceTemplateModel[] } {
  const source = ctx.source;
  const resIdents = identsFor(ctx, 'resources', resources);
  const staticModels: ResourceModel[] = [];
  const templateModels: ResourceTemplateModel[] = [];
  const uris = new Map<string, number>();
  const templates = new Map<string, number>();
  resources.forEach((r, i) => {
    const name = String(r['name']);
    const ident = resIdents[i] ?? 'Unnamed';
    const base = { name, ident, varName: varNameOf(VAR_PREFIX.resources, ident), handlerPath: `resources/${name}`, pos: lazyPos(ctx, ['resources', i]) };
    const hasUri = r['uri'] !== undefined;
    const hasTemplate = r['uriTemplate'] !== undefined;
    if (hasUri && hasTemplate) {
      err(ctx, ['resources', i, 'uriTemplate'], 'a resource has either uri (static) or uriTemplate (template), not both', 'resource-kind', { key: true });
      return;
    }
    if (!hasUri && !hasTemplate) {
      err(ctx, ['resources', i], 'missing required key "uri" (static resource) or "uriTemplate" (resource template)', 'resource-kind');
      return;
    }
    if (hasUri) {
      for (const k of ['params', 'complete'] as const) {
        if (r[k] !== undefined) err(ctx, ['resources', i, k], `"${k}" is only for resource templates (uriTemplate), not for a static uri`, 'resource-kind', { key: true });
      }
      const uri = String(r['uri']);
      if (!URL.canParse(uri)) err(ctx, ['resources', i, 'uri'], `invalid URI ${JSON.stringify(uri)}`, 'bad-uri');
      const dup = uris.get(uri);
      if (dup !== undefined) err(ctx, ['resources', i, 'uri'], `duplicate uri ${JSON.stringify(uri)} (also resources[${dup}], ${where(ctx, ['resources', dup])})`, 'duplicate-uri');
      else uris.set(uri, i);
      const m: ResourceModel = { kind: 'resource', uri, ...base };
      copyIfDefined(m, r, [...BASE_KEYS, 'mimeType', 'size', 'subscribe', 'annotations']);
      if (m.annotations !== undefined) m.annotations = inKeyOrder(m.annotations, schemaKeyOrders().resourceAnnotations) as NonNullable<typeof m.annotations>;
      staticModels.push(m);
      return;
    }
    if (r['size'] !== undefined) err(ctx, ['resources', i, 'size'], '"size" is only for static resources (uri)', 'resource-kind', { key: true });
    const uriTemplate = String(r['uriTemplate']);
    const tPath: PathSegment[] = ['resources', i, 'uriTemplate'];
    const tNode = locate(source, tPath).node;
    const parsed = parseUriTemplate(uriTemplate);
    for (const e of parsed.errors) err(ctx, tPath, `invalid URI template: ${e.message}`, 'bad-template', { offset: offsetInScalar(source, tNode, e.index) });
    const firstBrace = uriTemplate.indexOf('{');
    if (!SCHEME.test(firstBrace < 0 ? uriTemplate : uriTemplate.slice(0, firstBrace))) {
      err(ctx, tPath, 'a URI template must start with a scheme, e.g. "users://{id}"', 'bad-template');
    } else if (parsed.variables.length === 0 && parsed.errors.length === 0) {
      err(ctx, tPath, 'a URI template needs at least one {variable}; use uri for a static resource', 'bad-template');
    }
    const dup = templates.get(uriTemplate);
    if (dup !== undefined) err(ctx, tPath, `duplicate uriTemplate ${JSON.stringify(uriTemplate)} (also resources[${dup}], ${where(ctx, ['resources', dup])})`, 'duplicate-uri');
    else templates.set(uriTemplate, i);

    const vars: TemplateVariable[] = [];
    for (const v of parsed.variables) if (!vars.some((x) => x.name === v.name)) vars.push(v);
    const proto = vars.find((v) => v.name === '__proto__');
    if (proto !== undefined) err(ctx, tPath, `invalid URI template: variable ${PROTO_MESSAGE.replace(/^the /, '')}`, 'reserved-name', { offset: offsetInScalar(source, tNode, proto.index) });
    const varNames = vars.map((v) => v.name);
    const varList = varNames.length > 0 ? varNames.join(', ') : 'none';
    const params = isObject(r['params']) ? r['params'] : {};
    for (const key of Object.keys(params)) {
      if (!varNames.includes(key)) {
        const guess = closest(key, varNames);
        err(ctx, ['resources', i, 'params', key], `${JSON.stringify(key)} is not a variable of ${JSON.stringify(uriTemplate)}${guess !== undefined ? ` (did you mean ${JSON.stringify(guess)}?)` : ` (variables: ${varList})`}`, 'unknown-variable', { key: true });
      }
    }
    const complete: Record<string, string> = {};
    const comp = isObject(r['complete']) ? r['complete'] : {};
    for (const key of Object.keys(comp)) {
      if (!varNames.includes(key)) {
        const guess = closest(key, varNames);
        err(ctx, ['resources', i, 'complete', key], `${JSON.stringify(key)} is not a variable of ${JSON.stringify(uriTemplate)}${guess !== undefined ? ` (did you mean ${JSON.stringify(guess)}?)` : ` (variables: ${varList})`}`, 'unknown-variable', { key: true });
        continue;
      }
      completionRef(ctx, ['resources', i, 'complete', key], comp[key], declared, usedCompletions);
      setOwn(complete, key, String(comp[key]));
    }
    const properties: Record<string, unknown> = {};
    for (const v of vars) setOwn(properties, v.name, own(params, v.name) ?? defaultParam(v));
    const required = vars.filter((v) => v.operator === '' || v.operator === '+').map((v) => v.name);
    const paramsSchema = { type: 'object', properties, required, additionalProperties: false };
    for (const v of vars) {
      if (own(params, v.name) !== undefined) checkElementSchema(own(params, v.name), { source, at: (p) => ['resources', i, 'params', v.name, ...p] }, ctx.diags.report);
    }
    const bundled = bundleSchema(paramsSchema, {
      source,
      at: (p) => (p[0] === 'properties' && typeof p[1] === 'string' ? ['resources', i, 'params', p[1], ...p.slice(2)] : ['resources', i, 'params']),
    }, ctx.bundle) as JsonSchema;
    const m: ResourceTemplateModel = { kind: 'resourceTemplate', uriTemplate, variables: varNames, params: bundled, complete, ...base };
    copyIfDefined(m, r, [...BASE_KEYS, 'mimeType', 'subscribe', 'annotations']);
    if (m.annotations !== undefined) m.annotations = inKeyOrder(m.annotations, schemaKeyOrders().resourceAnnotations) as NonNullable<typeof m.annotations>;
    templateModels.push(m);
  });

  return { resources: staticModels, templates: templateModels };
}
