/**
 * OpenAPI 3.1 document types. The document itself is openapi-types' `OpenAPIV3_1.Document` (what users and
 * tools expect); the parts below are the precise shapes the builder composes it from (openapi-types' 3.1 parts
 * reuse 3.0 shapes that do not type-check under exactOptionalPropertyTypes). Specification extensions (`x-...`)
 * are allowed wherever OpenAPI allows them. See https://spec.openapis.org/oas/v3.1.0.
 */
import type { OpenAPIV3_1 } from 'openapi-types';

/** Specification extensions: any `x-` field. */
export interface OpenApiExtensions {
  [extension: `x-${string}`]: unknown;
}

/** A JSON Schema 2020-12 schema (OpenAPI 3.1's dialect): an object of keywords, or a boolean schema. */
export type OpenApiSchema = { [keyword: string]: unknown } | boolean;

/** `{ $ref }` to a component, with the summary/description overrides 3.1 allows. */
export interface OpenApiReference {
  $ref: string;
  summary?: string;
  description?: string;
}

export interface OpenApiContact extends OpenApiExtensions {
  name?: string;
  url?: string;
  email?: string;
}

export interface OpenApiLicense extends OpenApiExtensions {
  name: string;
  identifier?: string;
  url?: string;
}

export interface OpenApiInfo extends OpenApiExtensions {
  title: string;
  version: string;
  summary?: string;
  description?: string;
  termsOfService?: string;
  contact?: OpenApiContact;
  license?: OpenApiLicense;
}

export interface OpenApiServerVariable extends OpenApiExtensions {
  default: string;
  enum?: string[];
  description?: string;
}

export interface OpenApiServer extends OpenApiExtensions {
  url: string;
  description?: string;
  variables?: Record<string, OpenApiServerVariable>;
}

export interface OpenApiExternalDocs extends OpenApiExtensions {
  url: string;
  description?: string;
}

export interface OpenApiTag extends OpenApiExtensions {
  name: string;
  description?: string;
  externalDocs?: OpenApiExternalDocs;
}

export interface OpenApiExample extends OpenApiExtensions {
  summary?: string;
  description?: string;
  value?: unknown;
  externalValue?: string;
}

export interface OpenApiMediaType extends OpenApiExtensions {
  schema?: OpenApiSchema;
  example?: unknown;
  examples?: Record<string, OpenApiExample | OpenApiReference>;
}

export interface OpenApiHeader extends OpenApiExtensions {
  description?: string;
  required?: boolean;
  deprecated?: boolean;
  schema?: OpenApiSchema;
  example?: unknown;
  examples?: Record<string, OpenApiExample | OpenApiReference>;
  content?: Record<string, OpenApiMediaType>;
}

export interface OpenApiParameter extends OpenApiHeader {
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie';
  allowEmptyValue?: boolean;
  style?: string;
  explode?: boolean;
  allowReserved?: boolean;
}

export interface OpenApiRequestBody extends OpenApiExtensions {
  description?: string;
  content: Record<string, OpenApiMediaType>;
  required?: boolean;
}

export interface OpenApiResponse extends OpenApiExtensions {
  description: string;
  headers?: Record<string, OpenApiHeader | OpenApiReference>;
  content?: Record<string, OpenApiMediaType>;
}

/** Security requirement: scheme name -> scopes. `{}` means anonymous access. */
export type OpenApiSecurityRequirement = Record<string, string[]>;

export interface OpenApiOperation extends OpenApiExtensions {
  tags?: string[];
  summary?: string;
  description?: string;
  externalDocs?: OpenApiExternalDocs;
  operationId?: string;
  parameters?: (OpenApiParameter | OpenApiReference)[];
  requestBody?: OpenApiRequestBody | OpenApiReference;
  responses?: Record<string, OpenApiResponse | OpenApiReference>;
  deprecated?: boolean;
  security?: OpenApiSecurityRequirement[];
  servers?: OpenApiServer[];
}

export interface OpenApiPathItem extends OpenApiExtensions {
  $ref?: string;
  summary?: string;
  description?: string;
  get?: OpenApiOperation;
  put?: OpenApiOperation;
  post?: OpenApiOperation;
  delete?: OpenApiOperation;
  options?: OpenApiOperation;
  head?: OpenApiOperation;
  patch?: OpenApiOperation;
  trace?: OpenApiOperation;
  servers?: OpenApiServer[];
  parameters?: (OpenApiParameter | OpenApiReference)[];
}

interface OpenApiSchemeBase extends OpenApiExtensions {
  description?: string;
}

export interface OpenApiOAuthFlow extends OpenApiExtensions {
  authorizationUrl?: string;
  tokenUrl?: string;
  refreshUrl?: string;
  scopes: Record<string, string>;
}

export type OpenApiSecurityScheme =
  | (OpenApiSchemeBase & { type: 'apiKey'; name: string; in: 'query' | 'header' | 'cookie' })
  | (OpenApiSchemeBase & { type: 'http'; scheme: string; bearerFormat?: string })
  | (OpenApiSchemeBase & { type: 'mutualTLS' })
  | (OpenApiSchemeBase & { type: 'openIdConnect'; openIdConnectUrl: string })
  | (OpenApiSchemeBase & {
      type: 'oauth2';
      flows: { implicit?: OpenApiOAuthFlow; password?: OpenApiOAuthFlow; clientCredentials?: OpenApiOAuthFlow; authorizationCode?: OpenApiOAuthFlow };
    });

export interface OpenApiComponents extends OpenApiExtensions {
  schemas?: Record<string, OpenApiSchema>;
  responses?: Record<string, OpenApiResponse | OpenApiReference>;
  parameters?: Record<string, OpenApiParameter | OpenApiReference>;
  examples?: Record<string, OpenApiExample | OpenApiReference>;
  requestBodies?: Record<string, OpenApiRequestBody | OpenApiReference>;
  headers?: Record<string, OpenApiHeader | OpenApiReference>;
  securitySchemes?: Record<string, OpenApiSecurityScheme | OpenApiReference>;
  pathItems?: Record<string, OpenApiPathItem>;
}

/**
 * An OpenAPI 3.1 document, typed with openapi-types: `OpenAPIV3_1.Document`.
 *
 * @example
 * import type { OpenApiDocument } from '@mcp-gen/runtime';
 * const doc: OpenApiDocument = { openapi: '3.1.0', info: { title: 'demo', version: '1' }, paths: {} };
 */
export type OpenApiDocument = OpenAPIV3_1.Document;

/** The same document in the precise part types above: what {@link OpenApiDocument} is built from. */
export interface OpenApiDocumentObject extends OpenApiExtensions {
  openapi: string;
  info: OpenApiInfo;
  jsonSchemaDialect?: string;
  servers?: OpenApiServer[];
  paths?: Record<string, OpenApiPathItem>;
  webhooks?: Record<string, OpenApiPathItem>;
  components?: OpenApiComponents;
  security?: OpenApiSecurityRequirement[];
  tags?: OpenApiTag[];
  externalDocs?: OpenApiExternalDocs;
}
