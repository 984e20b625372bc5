/**
 * SKILL.md frontmatter: the leading `---` delimited YAML block, parsed to a JSON object and checked
 * against the Agent Skills rules the SEP relies on (`name`, `description`).
 */

/** Agent Skills naming rule: 1-64 chars, lowercase alphanumerics and hyphens, no leading, trailing or double hyphen. */
export const SKILL_NAME = /^(?!.*--)[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** The Agent Skills limit on `description`. */
export const MAX_DESCRIPTION = 1024;

const BLOCK = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** The YAML text of the frontmatter block, or undefined when the file does not open with one. */
export function frontmatterBlock(markdown: string): string | undefined {
  const text = markdown.charCodeAt(0) === 0xfeff ? markdown.slice(1) : markdown;
  return BLOCK.exec(text)?.[1];
}

/** What the frontmatter checks found: the object, or the reason it is unusable. */
export type FrontmatterResult =
  | { ok: true; frontmatter: Record<string, unknown>; name: string; description: string }
  | { ok: false; reason: string };

/**
 * Parses and checks a SKILL.md's frontmatter. `parseYaml` is `yaml`'s `parse` (injected so callers
 * decide when the parser loads).
 *
 * @example
 * const r = checkFrontmatter('---\nname: pdf\ndescription: PDFs\n---\n', parse);
 * r.ok && r.name // 'pdf'
 */
export function checkFrontmatter(markdown: string, parseYaml: (src: string) => unknown): FrontmatterResult {
  const block = frontmatterBlock(markdown);
  if (block === undefined) return { ok: false, reason: 'does not begin with YAML frontmatter (a block between two --- lines)' };
  let data: unknown;
  try {
    data = parseYaml(block);
  } catch (err) {
    return { ok: false, reason: `frontmatter is not valid YAML: ${(err as Error).message.split('\n')[0]}` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, reason: 'frontmatter must be a YAML mapping' };
  const fm = JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
  const name = fm['name'];
  const description = fm['description'];
  if (typeof name !== 'string' || name.length === 0) return { ok: false, reason: 'frontmatter needs a non-empty string `name`' };
  if (!SKILL_NAME.test(name)) {
    return { ok: false, reason: `frontmatter name ${JSON.stringify(name)} must be 1-64 lowercase letters, digits and hyphens, without leading, trailing or double hyphens` };
  }
  if (typeof description !== 'string' || description.trim().length === 0) return { ok: false, reason: 'frontmatter needs a non-empty string `description`' };
  if (description.length > MAX_DESCRIPTION) return { ok: false, reason: `frontmatter description is ${description.length} characters (at most ${MAX_DESCRIPTION})` };
  return { ok: true, frontmatter: fm, name, description };
}
