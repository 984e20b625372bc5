/**
 * Identifiers derived from element names: `ident` (PascalCase, unique per kind) for type names,
 * `varName` (camelCase, unique in the model) for imports.
 */

/**
 * PascalCase form of a name: separators (`.`, `_`, `-`) start a new word, the first letter of
 * each word is upper-cased and the rest kept (`math.add` -> `MathAdd`, `getURL` -> `GetURL`).
 * A leading digit gets a `_` prefix so the result is a valid identifier.
 *
 * @example
 * pascalCase('math.add'); // 'MathAdd'
 */
export function pascalCase(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  const joined = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  if (joined === '') return 'Unnamed';
  return /^[0-9]/.test(joined) ? `_${joined}` : joined;
}

/**
 * Assigns unique PascalCase idents in declaration order. When two names map to the same ident
 * (`a.b` and `a_b` both give `AB`), the later one gets the first free numeric suffix (`AB2`).
 * Returns the idents and the collisions (for a warning).
 */
export function assignIdents(names: readonly string[]): { idents: string[]; collisions: Array<{ index: number; ident: string; base: string }> } {
  const used = new Set<string>();
  const idents: string[] = [];
  const collisions: Array<{ index: number; ident: string; base: string }> = [];
  const bases = names.map(pascalCase);
  // Reserve every plain base first so a suffixed ident never steals a later element's plain one.
  const baseCount = new Map<string, number>();
  for (const b of bases) baseCount.set(b.toLowerCase(), (baseCount.get(b.toLowerCase()) ?? 0) + 1);
  bases.forEach((base, index) => {
    let ident = base;
    if (used.has(ident.toLowerCase())) {
      for (let n = 2; ; n++) {
        const candidate = `${base}${n}`;
        if (!used.has(candidate.toLowerCase()) && !baseCount.has(candidate.toLowerCase())) {
          ident = candidate;
          break;
        }
      }
      collisions.push({ index, ident, base });
    }
    used.add(ident.toLowerCase());
    idents.push(ident);
  });
  return { idents, collisions };
}

/** `tool` + `MathAdd` -> `toolMathAdd`. */
export function varNameOf(prefix: string, ident: string): string {
  return `${prefix}${ident.startsWith('_') ? ident.slice(1) : ident}`;
}
