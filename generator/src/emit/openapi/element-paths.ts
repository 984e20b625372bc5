/**
 * One typed REST operation per declared element: `POST /tools/{name}`, `GET /resources/{name}`,
 * `GET /resource-templates/{name}?<variables>` and `POST /prompts/{name}`. These routes are served
 * by runtime/src/http/rest through the same validation, auth, roles, rate limits and cache as /mcp.
 */
import { openApiErrorRefs, type OpenApiOperation, type OpenApiPathItem } from '@mcp-gen/runtime';
import type { ElementBase, PromptModel, ResourceModel, ResourceTemplateModel, ToolModel } from '../../model/types.js';
import { pointerSegment } from './refs.js';

const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${pointerSegment(name)}` });

/** Component names of the element schemas (the same suffixes as types.gen.ts). */
export const schemaNames = {
  toolInput: (t: ToolModel) => `${t.ident}Input`,
  toolOutput: (t: ToolModel) => `${t.ident}Output`,
  templateParams: (t: ResourceTemplateModel) => `${t.ident}Params`,
  promptArguments: (p: PromptModel) => `${p.ident}Arguments`,
};

/** REST paths of the element routes. Names are `[A-Za-z0-9_.-]`, so they need no escaping. */
export const restPath = {
  tool: (name: string) => `/tools/${name}`,
  resource: (name: string) => `/resources/${name}`,
  resourceTemplate: (name: string) => `/resource-templates/${name}`,
  prompt: (name: string) => `/prompts/${name}`,
};

function describe(element: ElementBase, extra: string[]): Pick<OpenApiOperation, 'summary' | 'description'> {
  const lines = [...(element.description ? [element.description] : []), ...extra];
  if (element.roles && element.roles.length > 0) lines.push(`Roles: ${element.roles.map((r) => `\`${r}\``).join(', ')}.`);
  if (element.rateLimit) lines.push(`Rate limit: ${element.rateLimit} per caller.`);
  if (element.ttl) lines.push(`Cached for ${element.ttl}s.`);
  return { summary: element.title ?? element.name, ...(lines.length > 0 ? { description: lines.join('\n\n') } : {}) };
}

/** `POST /tools/{name}`: input schema as body, output schema (or a ToolResult) as the 200 answer. */
export function toolPath(tool: ToolModel): OpenApiPathItem {
  const required = Array.isArray(tool.input['required']) && tool.input['required'].length > 0;
  return {
    post: {
      operationId: `tool.${tool.name}`,
      tags: ['Tools'],
      ...describe(tool, [`MCP tool \`${tool.name}\`.`]),
      requestBody: { required, content: { 'application/json': { schema: schemaRef(schemaNames.toolInput(tool)) } } },
      responses: {
        '200': {
          description: tool.output ? 'The structured result (the tool\'s output schema).' : 'The tool result.',
          content: { 'application/json': { schema: schemaRef(tool.output ? schemaNames.toolOutput(tool) : 'ToolResult') } },
        },
        ...openApiErrorRefs([400, 401, 403, 404, 422, 429, 500]),
      },
      'x-mcp-tool': tool.name,
      ...(tool.annotations ? { 'x-mcp-annotations': tool.annotations } : {}),
    }
  };
}

/** `GET /resources/{name}`: the contents of a static resource. */
export function resourcePath(resource: ResourceModel): OpenApiPathItem {
  return {
    get: {
      operationId: `resource.${resource.name}`,
      tags: ['Resources'],
      ...describe(resource, [`Reads \`${resource.uri}\`${resource.mimeType ? ` (${resource.mimeType})` : ''}.`]),
      responses: {
        '200': { description: 'The resource contents.', content: { 'application/json': { schema: schemaRef('ReadResourceResult') } } },
        ...openApiErrorRefs([401, 403, 404, 429, 500]),
      },
      'x-mcp-uri': resource.uri,
    }
  };
}

/**
 * `GET /resource-templates/{name}?var=...`: the variables travel as an exploded form-style query
 * object, so the params schema is used as declared (`?id=7&lang=en`).
 */
export function resourceTemplatePath(template: ResourceTemplateModel): OpenApiPathItem {
  return {
    get: {
      operationId: `template.${template.name}`,
      tags: ['Resources'],
      ...describe(template, [
        `Reads \`${template.uriTemplate}\`; the URI template variables (${template.variables.map((v) => `\`${v}\``).join(', ')}) are query parameters.`,
      ]),
      parameters: [
        {
          name: 'params',
          in: 'query',
          required: template.variables.length > 0,
          style: 'form',
          explode: true,
          description: 'The URI template variables, one query parameter each.',
          schema: schemaRef(schemaNames.templateParams(template)),
        },
      ],
      responses: {
        '200': { description: 'The resource contents.', content: { 'application/json': { schema: schemaRef('ReadResourceResult') } } },
        ...openApiErrorRefs([400, 401, 403, 404, 429, 500]),
      },
      'x-mcp-uri-template': template.uriTemplate,
    },
  };
}

/** `POST /prompts/{name}`: the arguments object as body, the prompt messages as the answer. */
export function promptPath(prompt: PromptModel): OpenApiPathItem {
  const required = prompt.arguments.some((a) => a.required);
  return {
    post: {
      operationId: `prompt.${prompt.name}`,
      tags: ['Prompts'],
      ...describe(prompt, [`MCP prompt \`${prompt.name}\`.`]),
      requestBody: {
        required,
        content: { 'application/json': { schema: schemaRef(schemaNames.promptArguments(prompt)) } },
      },
      responses: {
        '200': { description: 'The prompt messages.', content: { 'application/json': { schema: schemaRef('GetPromptResult') } } },
        ...openApiErrorRefs([400, 401, 403, 404, 429, 500]),
      },
      'x-mcp-prompt': prompt.name,
    }
  };
}
