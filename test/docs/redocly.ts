/**
 * OpenAPI validation with an independent validator: @redocly/openapi-core's `recommended` ruleset
 * (which includes the structural `struct` spec rules and `no-unresolved-refs`).
 */
import { createConfig, lintFromString, type NormalizedProblem } from '@redocly/openapi-core';

export interface LintReport {
  readonly errors: string[];
  readonly warnings: string[];
}

const format = (p: NormalizedProblem): string => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`;

/**
 * Lints one document. Three warnings are by design and dropped: mcp.yaml has no license field; every
 * auth mode's security scheme is declared while `security` references only the configured mode's; and
 * redocly counts a schema's own `$defs` entries as components (they are not; a `$defs` entry only
 * reached through its sub-schemas is reported "unused").
 *
 * @example
 * const { errors } = await lintOpenApi(doc); // errors: []
 */
export async function lintOpenApi(document: unknown, name = 'openapi.json'): Promise<LintReport> {
  const config = await createConfig({ extends: ['recommended'] });
  const problems = await lintFromString({ source: JSON.stringify(document), absoluteRef: `/${name}`, config });
  const byDesign = (p: NormalizedProblem): boolean =>
    p.ruleId === 'info-license' ||
    (p.ruleId === 'no-unused-components' &&
      (p.message.startsWith('Security scheme') || /^#\/components\/schemas\/[^/]+\/.*\$defs\//.test(p.location[0]?.pointer ?? '')));
  return {
    errors: problems.filter((p) => p.severity === 'error').map(format),
    warnings: problems.filter((p) => p.severity !== 'error' && !byDesign(p)).map(format),
  };
}
