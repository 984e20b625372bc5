/**
 * Handlebars templates from `<repo>/templates/`: compiled once per process with `noEscape` (we emit code,
 * not HTML) and `strict` (a missing field is a generator bug, never an empty string in the output).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { templatesDir } from './package-info.js';
import { resetTemplatesHash } from './templates-hash.js';

export { templatesHash } from './templates-hash.js';

type Render = (view: object) => string;

const hbs = Handlebars.create();
const compiled = new Map<string, Render>();

/**
 * Renders `templates/<name>` with a view object. Line endings are normalised to LF.
 *
 * @example
 * renderTemplate('stubs/main.ts.hbs', { appImport: './generated/app.gen.js' });
 */
export function renderTemplate(name: string, view: object): string {
  let render = compiled.get(name);
  if (render === undefined) {
    const file = join(templatesDir, name);
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(`template ${name} not found at ${file}: ${(error as Error).message}`, { cause: error });
    }
    const template = hbs.compile(source, { noEscape: true, strict: true });
    render = (view: object) => template(view);
    compiled.set(name, render);
  }
  try {
    return render(view).replace(/\r\n?/g, '\n');
  } catch (error) {
    throw new Error(`template ${name}: ${(error as Error).message}`, { cause: error });
  }
}

/** Forget compiled templates and their hash (watch mode in a development checkout). */
export function resetTemplateCache(): void {
  compiled.clear();
  resetTemplatesHash();
}
