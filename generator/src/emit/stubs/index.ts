/**
 * The stubs emitter: one handler file per element under `src/handlers/<kind>/<name>.ts` and `src/main.ts`.
 * They are created only when missing and never modified afterwards (the writer enforces that). A stub
 * compiles as is and answers a clear "not implemented" error naming the file to edit.
 */
import { posix } from 'node:path';
import type { ElementBase, Model } from '../../model/types.js';
import { type EmitContext, type EmittedFile, generatedPath, handlerFile } from '../shared/context.js';
import { importPath } from '../shared/naming.js';
import { renderTemplate } from '../shared/templates.js';
import { tsString, commentText } from '../shared/ts-literal.js';

/** Longest summary a stub repeats from mcp.yaml: the stub is the user's file, mcp.yaml keeps the full text. */
const DOC_LINE_MAX = 200;

/** The first line of user text, at most {@link DOC_LINE_MAX} characters, safe inside a JSDoc block. */
function docLine(text: string | undefined): string {
  if (text === undefined) return '';
  const first = text.trim().split(/\r\n?|[\n\u2028\u2029]/)[0] ?? '';
  const chars = Array.from(first); // code points: never half of a surrogate pair
  const short = chars.length > DOC_LINE_MAX ? `${chars.slice(0, DOC_LINE_MAX - 1).join('').trimEnd()}…` : first;
  return short.replace(/\*\//g, '*\\/');
}

type StubElement = Pick<ElementBase, 'name' | 'handlerPath'> & { description?: string };

/** Every handler path of the model with its kind (what the writer compares against files on disk). */
export function handlerPaths(model: Model): string[] {
  return [...model.tools, ...model.resources, ...model.resourceTemplates, ...model.prompts, ...model.completions].map((e) => e.handlerPath);
}

/**
 * Renders every stub and main.ts (the writer decides which are missing).
 *
 * @example
 * emitStubs(ctx).map((f) => f.path) // ['src/handlers/tools/math.add.ts', ..., 'src/main.ts']
 */
export function emitStubs(ctx: EmitContext): EmittedFile[] {
  const contracts = generatedPath(ctx, 'contracts.gen.ts');
  const files: EmittedFile[] = [];
  const stub = (template: string, el: StubElement, extra: Record<string, unknown> = {}): void => {
    const file = handlerFile(ctx, el.handlerPath);
    const content = renderTemplate(template, {
      name: el.name,
      key: tsString(el.name),
      description: docLine(el.description),
      file,
      fileLiteral: tsString(file),
      configName: commentText(ctx.configName),
      contractsImport: importPath(file, contracts),
      ...extra,
    });
    files.push({ path: file, content, owner: 'stub' });
  };
  for (const t of ctx.model.tools) {
    stub('stubs/tool.ts.hbs', t, { hasOutput: t.output !== undefined, message: tsString(`Tool ${t.name} is not implemented yet: edit ${handlerFile(ctx, t.handlerPath)}`) });
  }
  for (const r of ctx.model.resources) stub('stubs/resource.ts.hbs', r, { uri: docLine(r.uri) });
  for (const t of ctx.model.resourceTemplates) stub('stubs/resource-template.ts.hbs', t, { uriTemplate: docLine(t.uriTemplate) });
  for (const p of ctx.model.prompts) stub('stubs/prompt.ts.hbs', p);
  for (const c of ctx.model.completions) stub('stubs/completion.ts.hbs', c);
  const main = posix.join(ctx.srcDir, 'main.ts');
  files.push({ path: main, content: renderTemplate('stubs/main.ts.hbs', { appImport: importPath(main, generatedPath(ctx, 'app.gen.ts')) }), owner: 'stub' });
  return files;
}
