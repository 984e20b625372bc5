/**
 * RFC 6570 URI templates (levels 1-4): expand variables into a URI, or match a URI back to variables.
 */
import { parseTemplate, type Part } from './parse.js';
import { expandParts, type TemplateValue } from './expand.js';
import { compileMatcher, matchParts, type MatchedVars } from './match.js';

export { UriTemplateError } from './parse.js';
export type { TemplateValue } from './expand.js';
export type { MatchedVars } from './match.js';

/**
 * A parsed URI template.
 *
 * @example
 * const tpl = new ResourceTemplate('users://{user_id}/profile');
 * tpl.expand({ user_id: 42 });                 // 'users://42/profile'
 * tpl.match('users://42/profile');             // { user_id: '42' }
 */
export class ResourceTemplate {
  readonly template: string;
  /** Variable names in template order. */
  readonly variables: readonly string[];
  private readonly parts: readonly Part[];
  private regex: RegExp | undefined;

  constructor(template: string) {
    this.template = template;
    this.parts = parseTemplate(template);
    const names: string[] = [];
    for (const p of this.parts) if (typeof p !== 'string') for (const v of p.vars) if (!names.includes(v.name)) names.push(v.name);
    this.variables = names;
  }

  /** Expand with variables; undefined variables are omitted as RFC 6570 says. */
  expand(vars: Readonly<Record<string, TemplateValue>>): string {
    return expandParts(this.parts, vars);
  }

  /** Variables of `uri`, or null when it does not match this template. Exploded variables are arrays. */
  match(uri: string): MatchedVars | null {
    this.regex ??= compileMatcher(this.parts);
    return matchParts(this.parts, this.regex, uri) ?? null;
  }

  toString(): string {
    return this.template;
  }
}
