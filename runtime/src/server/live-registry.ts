/**
 * The live registry: Map lookups for calls, precomputed wire descriptors for lists, and a change
 * hook that fires `notifications/<kind>/list_changed`.
 */
import type {
  CompletionDefinition,
  ElementPolicy,
  PromptDefinition,
  RegistryDefinition,
  ResourceDefinition,
  ResourceTemplateDefinition,
  ToolDefinition,
} from '../registry/types.js';
import type { CallerIdentity } from '../handler/context.js';
import { ResourceTemplate } from '../uri-template/index.js';

/** True when the caller may see and use an element (no `roles` means everyone). */
export function visibleTo(caller: Pick<CallerIdentity, 'roles'>, policy: ElementPolicy): boolean {
  const needed = policy.roles;
  if (needed === undefined || needed.length === 0) return true;
  for (const r of caller.roles) if (needed.includes(r)) return true;
  return false;
}

/** One kind's elements: insertion-ordered map plus a cached array and descriptors. */
class Table<D extends ElementPolicy, W> {
  readonly byKey = new Map<string, { def: D; wire: W }>();
  private list: { def: D; wire: W }[] | undefined;
  /** True when no element restricts roles: lists need no per-caller filtering. */
  private open = true;

  constructor(private readonly describe: (def: D) => W) {}

  set(key: string, def: D): void {
    this.byKey.set(key, { def, wire: this.describe(def) });
    this.list = undefined;
  }

  delete(key: string): boolean {
    const had = this.byKey.delete(key);
    if (had) this.list = undefined;
    return had;
  }

  entries(): readonly { def: D; wire: W }[] {
    if (this.list === undefined) {
      this.list = [...this.byKey.values()];
      this.open = this.list.every((e) => e.def.roles === undefined || e.def.roles.length === 0);
    }
    return this.list;
  }

  visible(caller: Pick<CallerIdentity, 'roles'>): readonly { def: D; wire: W }[] {
    const all = this.entries();
    return this.open ? all : all.filter((e) => visibleTo(caller, e.def));
  }
}

function withOptional<T extends Record<string, unknown>>(target: T, key: string, value: unknown): T {
  if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  return target;
}

function describeTool(def: ToolDefinition): Record<string, unknown> {
  const w: Record<string, unknown> = { name: def.name };
  withOptional(w, 'title', def.title);
  withOptional(w, 'description', def.description);
  w['inputSchema'] = def.inputSchema;
  withOptional(w, 'outputSchema', def.outputSchema);
  withOptional(w, 'annotations', def.annotations);
  withOptional(w, 'icons', def.icons);
  if (def.taskSupport !== undefined && def.taskSupport !== 'forbidden') w['execution'] = { taskSupport: def.taskSupport };
  withOptional(w, '_meta', def.meta);
  return w;
}

function describeResource(def: ResourceDefinition): Record<string, unknown> {
  const w: Record<string, unknown> = { uri: def.uri, name: def.name };
  withOptional(w, 'title', def.title);
  withOptional(w, 'description', def.description);
  withOptional(w, 'mimeType', def.mimeType);
  withOptional(w, 'size', def.size);
  withOptional(w, 'icons', def.icons);
  withOptional(w, 'annotations', def.annotations);
  withOptional(w, '_meta', def.meta);
  return w;
}

function describeTemplate(def: ResourceTemplateDefinition): Record<string, unknown> {
  const w: Record<string, unknown> = { uriTemplate: def.uriTemplate, name: def.name };
  withOptional(w, 'title', def.title);
  withOptional(w, 'description', def.description);
  withOptional(w, 'mimeType', def.mimeType);
  withOptional(w, 'icons', def.icons);
  withOptional(w, 'annotations', def.annotations);
  withOptional(w, '_meta', def.meta);
  return w;
}

function describePrompt(def: PromptDefinition): Record<string, unknown> {
  const w: Record<string, unknown> = { name: def.name };
  withOptional(w, 'title', def.title);
  withOptional(w, 'description', def.description);
  w['arguments'] = def.arguments.map((a) => {
    const arg: Record<string, unknown> = { name: a.name };
    withOptional(arg, 'title', a.title);
    withOptional(arg, 'description', a.description);
    withOptional(arg, 'required', a.required);
    return arg;
  });
  withOptional(w, 'icons', def.icons);
  withOptional(w, '_meta', def.meta);
  return w;
}

/** A compiled template with its definition. */
export interface TemplateEntry {
  readonly def: ResourceTemplateDefinition;
  readonly template: ResourceTemplate;
}

export type ListKind = 'tools' | 'resources' | 'prompts';

/**
 * Elements by kind. Every mutation calls `onChange(kind)` so the engine can notify clients.
 */
export class LiveRegistry {
  readonly tools = new Table<ToolDefinition, Record<string, unknown>>(describeTool);
  readonly resources = new Table<ResourceDefinition, Record<string, unknown>>(describeResource);
  readonly templates = new Table<ResourceTemplateDefinition, Record<string, unknown>>(describeTemplate);
  readonly prompts = new Table<PromptDefinition, Record<string, unknown>>(describePrompt);
  readonly completions = new Map<string, CompletionDefinition>();
  private compiled: TemplateEntry[] | undefined;
  onChange: (kind: ListKind) => void = () => {};

  constructor(def: RegistryDefinition) {
    for (const t of def.tools) this.tools.set(t.name, t);
    for (const r of def.resources) this.resources.set(r.uri, r);
    for (const t of def.resourceTemplates) this.templates.set(t.name, t);
    for (const p of def.prompts) this.prompts.set(p.name, p);
    for (const c of def.completions) this.completions.set(c.name, c);
    this.compiledTemplates();
  }

  /** Templates with parsed URI templates, in declaration order (first match wins). */
  compiledTemplates(): readonly TemplateEntry[] {
    if (this.compiled === undefined) {
      this.compiled = this.templates.entries().map((e) => ({ def: e.def, template: new ResourceTemplate(e.def.uriTemplate) }));
    }
    return this.compiled;
  }

  addTool(def: ToolDefinition): void {
    this.tools.set(def.name, def);
    this.onChange('tools');
  }

  removeTool(name: string): boolean {
    const had = this.tools.delete(name);
    if (had) this.onChange('tools');
    return had;
  }

  addResource(def: ResourceDefinition): void {
    this.resources.set(def.uri, def);
    this.onChange('resources');
  }

  removeResource(uri: string): boolean {
    const had = this.resources.delete(uri);
    if (had) this.onChange('resources');
    return had;
  }

  addResourceTemplate(def: ResourceTemplateDefinition): void {
    const template = new ResourceTemplate(def.uriTemplate); // throws on a malformed template before we store it
    void template;
    this.templates.set(def.name, def);
    this.compiled = undefined;
    this.onChange('resources');
  }

  removeResourceTemplate(name: string): boolean {
    const had = this.templates.delete(name);
    if (had) {
      this.compiled = undefined;
      this.onChange('resources');
    }
    return had;
  }

  addPrompt(def: PromptDefinition): void {
    this.prompts.set(def.name, def);
    this.onChange('prompts');
  }

  removePrompt(name: string): boolean {
    const had = this.prompts.delete(name);
    if (had) this.onChange('prompts');
    return had;
  }

  addCompletion(def: CompletionDefinition): void {
    this.completions.set(def.name, def);
  }
}
