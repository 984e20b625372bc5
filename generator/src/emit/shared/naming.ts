/**
 * Identifier helpers for emitted code. Element identifiers come from the model (`ident`, `varName`); these
 * cover names the model does not carry (shared `$defs` types) and import paths between generated folders.
 */
import { posix } from 'node:path';

/**
 * PascalCase identifier from any name; a leading digit gets a `T` prefix.
 *
 * @example
 * pascalCase('geo-point') // 'GeoPoint'
 * pascalCase('3d') // 'T3d'
 */
export function pascalCase(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('') || 'Type';
  return /^[0-9]/.test(joined) ? `T${joined}` : joined;
}

/**
 * A relative ESM import specifier from one project file to another (posix, `.js` suffix for `.ts` sources).
 *
 * @example
 * importPath('src/handlers/tools/math.add.ts', 'src/generated/contracts.gen.ts') // '../../generated/contracts.gen.js'
 */
export function importPath(fromFile: string, toFile: string): string {
  let rel = posix.relative(posix.dirname(fromFile), toFile);
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return rel.replace(/\.ts$/, '.js');
}
