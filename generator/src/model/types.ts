/**
 * The normalized, validated model of one mcp.yaml. Every emitter reads this and nothing else.
 * Order is declaration order (determinism); schemas are kept verbatim except that top-level
 * `$defs` referenced by an element schema are copied into that schema's own `$defs`, so every
 * published schema is self-contained.
 */

export type JsonSchema = { [key: string]: unknown };

export interface IconModel {
  src: string;
  mimeType?: string;
  sizes?: string[];
  theme?: 'light' | 'dark';
}

/** Fields every element has. */
export interface ElementBase {
  name: string;
  title?: string;
  description?: string;
  icons?: IconModel[];
  meta?: Record<string, unknown>;
  roles?: string[];
  ttl?: number;
  rateLimit?: string;
  timeoutMs?: number;
  /** PascalCase identifier derived from the name, unique within its kind (`math.add` -> `MathAdd`). */
  ident: string;
  /** camelCase identifier, unique across the whole model (used for imports): `toolMathAdd`. */
  varName: string;
  /** Handler file relative to `src/handlers/`, without extension: `tools/math.add`. */
  handlerPath: string;
  /** Source position of the element in mcp.yaml (1-based), for messages. Computed on first read. */
  pos: { line: number; col: number };
}

export interface ToolModel extends ElementBase {
  kind: 'tool';
  input: JsonSchema;
  output?: JsonSchema;
  annotations?: Record<string, unknown>;
  taskSupport?: 'forbidden' | 'optional' | 'required';
}

export interface ResourceModel extends ElementBase {
  kind: 'resource';
  uri: string;
  mimeType?: string;
  size?: number;
  subscribe?: boolean;
  annotations?: Record<string, unknown>;
}

export interface ResourceTemplateModel extends ElementBase {
  kind: 'resourceTemplate';
  uriTemplate: string;
  /** Variable names in template order. */
  variables: string[];
  mimeType?: string;
  subscribe?: boolean;
  annotations?: Record<string, unknown>;
  /**
   * Object schema with one property per variable (from `params`; default `{type: string}`, or
   * `{type: array, items: {type: string}}` for exploded `{x*}`), `additionalProperties: false`.
   * Variables of `{x}` and `{+x}` expressions are `required`; those of the other operators
   * (`{?x}`, `{&x}`, `{#x}`, `{.x}`, `{/x}`, `{;x}`) may be absent from a URI.
   */
  params: JsonSchema;
  /** Variable -> completion provider name. */
  complete: Record<string, string>;
}

export interface PromptArgumentModel {
  name: string;
  title?: string;
  description?: string;
  required: boolean;
  complete?: string;
}

export interface PromptModel extends ElementBase {
  kind: 'prompt';
  arguments: PromptArgumentModel[];
  /** Object schema of the arguments (string values), for validation and types. */
  argumentsSchema: JsonSchema;
}

export interface CompletionModel {
  kind: 'completion';
  name: string;
  description?: string;
  ident: string;
  varName: string;
  handlerPath: string;
  pos: { line: number; col: number };
}

/** One agent skill found at build time (SEP-2640). */
export interface SkillModel {
  /** Frontmatter `name` (equals the folder name). */
  name: string;
  description: string;
  /** Folder relative to mcp.yaml's folder, posix. */
  path: string;
  /** Absolute path of its SKILL.md (for --watch). */
  skillMd: string;
}

/** `skills:` of mcp.yaml: where the runtime loads skills from, and what the build found there. */
export interface SkillsModel {
  /** Folder of skill folders, relative to mcp.yaml's folder, as written (posix). */
  dir?: string;
  /** Skill folders, relative to mcp.yaml's folder, as written (posix). */
  paths: string[];
  /** URI prefix: `acme/billing` serves `skill://acme/billing/<name>/SKILL.md`. */
  prefix?: string;
  roles?: string[];
  /** Skills found by the build, sorted as the runtime serves them. */
  skills: SkillModel[];
  pos: { line: number; col: number };
}

export interface ServerModel {
  name: string;
  version: string;
  title?: string;
  description?: string;
  instructions?: string;
  websiteUrl?: string;
  icons?: IconModel[];
}

export interface Model {
  /** Format version (`mcp: 1`). */
  mcp: 1;
  server: ServerModel;
  /** Non-secret runtime defaults from `settings:` (keys as the MCP_* variables without prefix, camelCase). */
  settings: Record<string, string | number | boolean | string[]>;
  /** Top-level `$defs`, verbatim (element schemas already carry copies of what they use). */
  defs: Record<string, JsonSchema>;
  tools: ToolModel[];
  resources: ResourceModel[];
  resourceTemplates: ResourceTemplateModel[];
  prompts: PromptModel[];
  completions: CompletionModel[];
  /** Agent skills (SEP-2640); absent when mcp.yaml has no `skills:`. */
  skills?: SkillsModel;
  /** Files mcp.yaml references (for --watch), absolute paths. */
  referencedFiles: string[];
}

/** One problem found in mcp.yaml, with its place. */
export interface Diagnostic {
  file: string;
  line: number;
  col: number;
  /** JSON path of the offending node: `tools[1].name`. */
  path: string;
  message: string;
  /** Short machine code: `schema`, `duplicate-name`, `bad-ref`, ... */
  code: string;
  severity: 'error' | 'warning';
}
