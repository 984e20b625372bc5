/** Cross-element checks of the normalize step: unique names, derived idents, `$ref` cycles in `$defs`. */
import type { JsonObject } from './json-schema-walk.js';
import { isObject } from './json-schema-walk.js';
import { assignIdents } from './names.js';
import { err, KIND_WORD, where, type Ctx, type Kind } from './normalize-context.js';

/** Device names Windows refuses as a file name, with any extension (`con.ts`, `aux.x.ts`). */
const WINDOWS_DEVICE = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\.|$)/i;

/**
 * What the handler file `<name>.ts` would be mistaken for: `x.d` makes `x.d.ts`, a declaration file that tsc
 * never compiles (the handler would be missing at run time); `x.test` / `x.spec` look like test files to test
 * runners and linters; Windows cannot create `con.ts`, `nul.ts`, ...
 */
function checkFileName(ctx: Ctx, kind: Kind, i: number, name: string): void {
  const file = `${name}.ts`;
  if (name === '.' || name === '..') {
    err(ctx, [kind, i, 'name'], `${KIND_WORD[kind]} name ${JSON.stringify(name)} is a dot-segment that every URL resolves away (a REST route ending in /${name} would not reach it); rename it`, 'bad-file-name');
    return;
  }
  if (/\.d$/i.test(name)) {
    err(ctx, [kind, i, 'name'], `${KIND_WORD[kind]} name ${JSON.stringify(name)} would make the handler file ${file}, which TypeScript reads as a declaration file and never compiles; rename it (e.g. ${JSON.stringify(`${name.slice(0, -2)}_d`)})`, 'bad-file-name');
  } else if (/\.(?:test|spec)$/i.test(name)) {
    err(ctx, [kind, i, 'name'], `the handler file ${file} looks like a test file to test runners and linters; consider another name`, 'bad-file-name', { warning: true });
  }
  if (WINDOWS_DEVICE.test(name)) {
    err(ctx, [kind, i, 'name'], `the handler file ${file} cannot be created on Windows (${name.split('.')[0]} is a device name); consider another name`, 'bad-file-name', { warning: true });
  }
}

/** Names unique per kind, also ignoring case (handler files on case-insensitive file systems), and usable as file names. */
export function checkNames(ctx: Ctx, kind: Kind, items: JsonObject[]): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const name = String(item['name']);
    if (typeof item['name'] === 'string') checkFileName(ctx, kind, i, name);
    const lower = name.toLowerCase();
    const first = seen.get(lower);
    if (first === undefined) {
      seen.set(lower, i);
      return;
    }
    const firstName = String(items[first]?.['name']);
    const firstAt = `${kind}[${first}], ${where(ctx, [kind, first])}`;
    const message =
      firstName === name
        ? `duplicate ${KIND_WORD[kind]} name ${JSON.stringify(name)} (first declared at ${firstAt})`
        : `${KIND_WORD[kind]} name ${JSON.stringify(name)} differs from ${JSON.stringify(firstName)} (${firstAt}) only by letter case; names become file names and must be unique ignoring case`;
    err(ctx, [kind, i, 'name'], message, 'duplicate-name');
  });
}

export function identsFor(ctx: Ctx, kind: Kind, items: JsonObject[]): string[] {
  const names = items.map((i) => String(i['name']));
  const { idents, collisions } = assignIdents(names);
  const lower = names.map((n) => n.toLowerCase());
  for (const c of collisions) {
    // Names equal but for case are already an error.
    if (lower.indexOf(lower[c.index] ?? '') !== c.index) continue;
    err(ctx, [kind, c.index, 'name'], `identifier ${c.base} is taken by an earlier ${KIND_WORD[kind]}; this one is ${c.ident} in generated code`, 'ident-collision', { warning: true });
  }
  return idents;
}

/** `a: { $ref: b }`, `b: { $ref: a }`: a chain of pure references that never reaches a schema. */
export function checkRefCycles(ctx: Ctx, topDefs: JsonObject): void {
  const target = (name: string): string | undefined => {
    const d = topDefs[name];
    if (!isObject(d) || typeof d['$ref'] !== 'string' || Object.keys(d).length !== 1) return undefined;
    const m = /^#\/\$defs\/([^/]+)$/.exec(d['$ref']);
    return m?.[1];
  };
  const reported = new Set<string>();
  for (const start of Object.keys(topDefs)) {
    const chain: string[] = [];
    let cur: string | undefined = start;
    while (cur !== undefined && !chain.includes(cur) && chain.length <= Object.keys(topDefs).length) {
      chain.push(cur);
      cur = target(cur);
    }
    if (cur === start && !reported.has(start)) {
      chain.forEach((n) => reported.add(n));
      err(ctx, ['$defs', start, '$ref'], `circular $ref: ${[...chain, start].join(' -> ')} never reaches a schema`, 'bad-ref');
    }
  }
}
