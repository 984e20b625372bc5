/**
 * What the OpenAPI document says about each declared element, in the few fields the runtime's
 * `mcpOpenApiDocument` turns into a REST operation (`POST /tools/{name}`, `GET /resources/{name}`,
 * `GET /resource-templates/{name}`, `POST /prompts/{name}`). Absent fields are left out, so the
 * generated module stays small.
 */
import type { McpOpenApiElement, McpOpenApiPrompt, McpOpenApiResource, McpOpenApiResourceTemplate, McpOpenApiTool } from '@mcp-gen/runtime/openapi';
import type { ElementBase, PromptModel, ResourceModel, ResourceTemplateModel, ToolModel } from '../../model/types.js';

/** Component names of the element schemas (the same suffixes as types.gen.ts). */
export const schemaNames = {
  toolInput: (t: ToolModel) => `${t.ident}Input`,
  toolOutput: (t: ToolModel) => `${t.ident}Output`,
  templateParams: (t: ResourceTemplateModel) => `${t.ident}Params`,
  promptArguments: (p: PromptModel) => `${p.ident}Arguments`,
};

/** The fields every element shares, in a fixed order; empty ones left out. */
function elementBase(element: ElementBase): McpOpenApiElement {
  return {
    name: element.name,
    ...(element.title !== undefined ? { title: element.title } : {}),
    ...(element.description ? { description: element.description } : {}),
    ...(element.roles && element.roles.length > 0 ? { roles: element.roles } : {}),
    ...(element.rateLimit ? { rateLimit: element.rateLimit } : {}),
    ...(element.ttl ? { ttl: element.ttl } : {}),
  };
}

/** A tool: its schemas by component name; the body is required when the input schema requires properties. */
export function toolElement(tool: ToolModel): McpOpenApiTool {
  const required = Array.isArray(tool.input['required']) && tool.input['required'].length > 0;
  return {
    ...elementBase(tool),
    input: schemaNames.toolInput(tool),
    ...(required ? { inputRequired: true } : {}),
    ...(tool.output ? { output: schemaNames.toolOutput(tool) } : {}),
    ...(tool.annotations ? { annotations: tool.annotations } : {}),
  };
}

/** A static resource: its URI and MIME type. */
export function resourceElement(resource: ResourceModel): McpOpenApiResource {
  return { ...elementBase(resource), uri: resource.uri, ...(resource.mimeType ? { mimeType: resource.mimeType } : {}) };
}

/** A resource template: its URI template, variables and params schema. */
export function resourceTemplateElement(template: ResourceTemplateModel): McpOpenApiResourceTemplate {
  return { ...elementBase(template), uriTemplate: template.uriTemplate, variables: template.variables, params: schemaNames.templateParams(template) };
}

/** A prompt: its arguments schema; the body is required when some argument is. */
export function promptElement(prompt: PromptModel): McpOpenApiPrompt {
  return {
    ...elementBase(prompt),
    arguments: schemaNames.promptArguments(prompt),
    ...(prompt.arguments.some((a) => a.required) ? { argumentsRequired: true } : {}),
  };
}
