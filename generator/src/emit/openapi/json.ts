/**
 * Internal building type. openapi-types' 3.1 typings reuse 3.0 shapes that do not type-check under
 * exactOptionalPropertyTypes, so parts are built as plain JSON and typed once, at the public boundary.
 */
export type Json = { [key: string]: unknown };
