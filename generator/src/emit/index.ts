/**
 * Runs every emitter over a model and returns the complete output in memory: generated files (headed
 * `// @generated ... DO NOT EDIT.`), the manifest, and handler stubs. Nothing touches the disk here, so a
 * failing emitter leaves the previous output exactly as it was.
 */
import { commentText } from './shared/ts-literal.js';
import { posix } from 'node:path';
import { MANIFEST_NAME, inputHash, renderManifest, sha256 } from '../write/manifest.js';
import { emitApp } from './app/index.js';
import { emitContracts } from './contracts/index.js';
import { emitOpenApiModule } from './openapi-module/index.js';
import { emitRegistry } from './registry/index.js';
import { emitSchemas } from './schemas/index.js';
import { EmitCache } from './shared/cache.js';
import { type EmitContext, type EmittedFile, generatedPath, headerOf } from './shared/context.js';
import { optionsKey } from './shared/options-key.js';
import { renderTemplate, templatesHash } from './shared/templates.js';
import { emitStubs } from './stubs/index.js';
import { emitTypeDeclarations } from './types/index.js';
import { emitValidators } from './validators/index.js';

export type { EmitContext, EmittedFile } from './shared/context.js';
export { EmitCache } from './shared/cache.js';
export { optionsKey } from './shared/options-key.js';

/**
 * Emits everything for one model. `inputs` maps each input file (project-relative) to its sha256.
 *
 * @example
 * const files = await emitProject(ctx, { 'mcp.yaml': sha256(source) });
 * files.find((f) => f.path === 'src/generated/types.gen.ts')?.content;
 */
export async function emitProject(ctx: EmitContext, inputs: Readonly<Record<string, string>>, cache: EmitCache = EmitCache.memory()): Promise<EmittedFile[]> {
  const header = headerOf(ctx);
  const typesBody = await emitTypeDeclarations(ctx.model, cache);
  const validators = emitValidators(ctx.model, cache);
  const generated: [string, string][] = [
    ['types.gen.ts', renderTemplate('generated/types.gen.ts.hbs', { header, configName: commentText(ctx.configName), body: typesBody })],
    ['validators.gen.js', renderTemplate('generated/validators.gen.js.hbs', { header, configName: commentText(ctx.configName), body: validators.js.trimEnd() })],
    ['validators.gen.d.ts', renderTemplate('generated/validators.gen.d.ts.hbs', { header, body: validators.dts.trimEnd() })],
    ['contracts.gen.ts', emitContracts(ctx)],
    ['schemas.gen.ts', emitSchemas(ctx)],
    ['registry.gen.ts', emitRegistry(ctx)],
    ['app.gen.ts', emitApp(ctx)],
    ['openapi.gen.ts', emitOpenApiModule(ctx)],
  ];
  const files: EmittedFile[] = generated.map(([name, content]) => ({
    path: generatedPath(ctx, name),
    content: content.endsWith('\n') ? content : `${content}\n`,
    owner: 'generated',
  }));
  const stubs = emitStubs(ctx);
  const templates = templatesHash();
  const manifest = renderManifest({
    generator: 'mcp-gen',
    version: ctx.version,
    inputHash: inputHash({ version: ctx.version, templates, options: optionsKey(ctx), inputs }),
    inputs,
    templates,
    files: Object.fromEntries(files.map((f) => [posix.relative(ctx.outDir, f.path), sha256(f.content)])),
    handlers: stubs.map((s) => s.path),
  });
  return [...files, { path: generatedPath(ctx, MANIFEST_NAME), content: manifest, owner: 'generated' }, ...stubs];
}
