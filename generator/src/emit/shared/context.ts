/**
 * What every emitter receives: the model plus where things go. Paths are project-relative and posix
 * (`src/generated`), so output is the same on every OS.
 */
import { commentText } from './ts-literal.js';
import { posix } from 'node:path';
import type { Model } from '../../model/types.js';
import { generatedHeader } from './header.js';

export interface EmitContext {
  readonly model: Model;
  /** Generator version written into headers and the manifest. */
  readonly version: string;
  /** The config file as named in headers: `mcp.yaml`. */
  readonly configName: string;
  /** Generated files folder, project-relative: `src/generated`. */
  readonly outDir: string;
  /** Handler files folder, project-relative: `src/handlers`. */
  readonly handlersDir: string;
  /** Source folder holding main.ts: `src`. */
  readonly srcDir: string;
}

/** One file the build produces, with who owns it. */
export interface EmittedFile {
  /** Project-relative posix path. */
  readonly path: string;
  readonly content: string;
  /** `generated`: rewritten by every build; `stub`: created once when missing, then the user's. */
  readonly owner: 'generated' | 'stub';
}

/** Project-relative path of a generated file. */
export function generatedPath(ctx: EmitContext, name: string): string {
  return posix.join(ctx.outDir, name);
}

/** Project-relative path of a handler file (`handlerPath` is `tools/math.add`). */
export function handlerFile(ctx: EmitContext, handlerPath: string): string {
  return posix.join(ctx.handlersDir, `${handlerPath}.ts`);
}

/** The header of a generated file of this build. */
export function headerOf(ctx: EmitContext): string {
  return generatedHeader(ctx.version, commentText(ctx.configName)).trimEnd();
}
