/**
 * Reads skills from disk once, at start-up: every file of every skill folder, its SHA-256 and size,
 * the SKILL.md frontmatter, and the directory tree. Refuses what could leak or mislead: symlinks that
 * leave the skill folder, a SKILL.md without valid frontmatter, a folder name that differs from the
 * skill's name, duplicate skill URIs, and skills over the SEP's size limits.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkFrontmatter } from './frontmatter.js';
import { skillFoldersIn } from './folders.js';
import { isTextual, mimeTypeOf } from './mime.js';
import { DIRECTORY_MIME_TYPE, SkillLoadError, type LoadedSkill, type SkillFile, type SkillsOptions } from './types.js';

export const DEFAULT_MAX_FILES = 512;
export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
/** Deepest folder nesting followed inside one skill (guards against symlink loops that stay inside). */
const MAX_DEPTH = 32;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function rootDir(root: string | URL): string {
  return root instanceof URL || root.startsWith('file:') ? fileURLToPath(root) : resolve(root);
}

/** `a b.md` -> `a%20b.md`: each path segment percent-encoded where a URI needs it. */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/%40/g, '@').replace(/%2B/g, '+').replace(/%3D/g, '=').replace(/%2C/g, ',');
}

function digestOf(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function textOf(bytes: Uint8Array, mimeType: string): string | undefined {
  if (!isTextual(mimeType)) return undefined;
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Every file under `folder` (relative, `/`-separated, sorted), following only symlinks that stay inside. */
function listFiles(folder: string, realRoot: string, limits: { maxFiles: number; maxBytes: number }): { path: string; abs: string; bytes: Uint8Array }[] {
  const out: { path: string; abs: string; bytes: Uint8Array }[] = [];
  let total = 0;
  const walk = (dir: string, rel: string, depth: number, seen: Set<string>): void => {
    if (depth > MAX_DEPTH) throw new SkillLoadError(dir, `folders nest deeper than ${MAX_DEPTH} levels`);
    const names = readdirSync(dir).sort();
    for (const name of names) {
      // dotfiles (.git, .DS_Store) are tooling, not skill content
      if (name.startsWith('.')) continue;
      const abs = join(dir, name);
      const relPath = rel === '' ? name : `${rel}/${name}`;
      let st = lstatSync(abs);
      if (st.isSymbolicLink()) {
        let real: string;
        try {
          real = realpathSync(abs);
        } catch {
          throw new SkillLoadError(abs, 'is a broken symbolic link');
        }
        if (real !== realRoot && !real.startsWith(realRoot + sep)) throw new SkillLoadError(abs, `is a symbolic link that leaves the skill folder (to ${real}); refused`);
        st = statSync(abs);
        if (st.isDirectory()) {
          if (seen.has(real)) throw new SkillLoadError(abs, 'is a symbolic link loop');
          walk(abs, relPath, depth + 1, new Set([...seen, real]));
          continue;
        }
      } else if (st.isDirectory()) {
        walk(abs, relPath, depth + 1, seen);
        continue;
      }
      if (!st.isFile()) continue; // sockets, fifos, devices: not content
      if (out.length + 1 > limits.maxFiles) throw new SkillLoadError(folder, `holds more than ${limits.maxFiles} files (the SEP-2640 limit per skill)`);
      total += st.size;
      if (total > limits.maxBytes) throw new SkillLoadError(folder, `holds more than ${limits.maxBytes} bytes (the SEP-2640 limit per skill)`);
      out.push({ path: relPath, abs, bytes: readFileSync(abs) });
    }
  };
  walk(folder, '', 0, new Set([realRoot]));
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Directory URI -> direct children (files and subdirectories), from the file list. */
function directoryTree(rootUri: string, files: readonly SkillFile[]): Map<string, { uri: string; name: string; mimeType: string }[]> {
  const dirs = new Map<string, Map<string, { uri: string; name: string; mimeType: string }>>();
  const childrenOf = (uri: string): Map<string, { uri: string; name: string; mimeType: string }> => {
    let m = dirs.get(uri);
    if (m === undefined) dirs.set(uri, (m = new Map()));
    return m;
  };
  childrenOf(rootUri);
  for (const f of files) {
    const segments = f.path.split('/');
    let dir = rootUri;
    for (let i = 0; i < segments.length - 1; i++) {
      const seg = segments[i]!;
      const sub = `${dir}/${encodeSegment(seg)}`;
      childrenOf(dir).set(sub, { uri: sub, name: seg, mimeType: DIRECTORY_MIME_TYPE });
      childrenOf(sub);
      dir = sub;
    }
    childrenOf(dir).set(f.uri, { uri: f.uri, name: segments[segments.length - 1]!, mimeType: f.mimeType });
  }
  const out = new Map<string, { uri: string; name: string; mimeType: string }[]>();
  for (const [uri, children] of dirs) out.set(uri, [...children.values()].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0)));
  return out;
}

function checkPrefix(prefix: string | undefined): string[] {
  if (prefix === undefined || prefix === '') return [];
  const segments = prefix.split('/');
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..' || !/^[A-Za-z0-9._~!$&'()*+,;=-]+$/.test(s)) {
      throw new SkillLoadError('skills.prefix', `${JSON.stringify(prefix)} must be /-separated URI segments (letters, digits and - . _ ~)`);
    }
  }
  return segments;
}

/**
 * Reads one skill folder.
 *
 * @example
 * const skill = loadSkill('/srv/app/skills/pdf-processing', { prefix: [], maxFiles: 512, maxBytes: 16 << 20, parseYaml: parse });
 * skill.uri // 'skill://pdf-processing/SKILL.md'
 */
export function loadSkill(folder: string, opts: { prefix: readonly string[]; maxFiles: number; maxBytes: number; parseYaml: (s: string) => unknown; roles?: readonly string[] }): LoadedSkill {
  const skillMd = join(folder, 'SKILL.md');
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new SkillLoadError(folder, 'is not a folder');
  if (!existsSync(skillMd) || !lstatSync(skillMd).isFile()) throw new SkillLoadError(folder, 'has no SKILL.md file at its root');
  const realRoot = realpathSync(folder);
  const raw = listFiles(folder, realRoot, { maxFiles: opts.maxFiles, maxBytes: opts.maxBytes });
  const md = raw.find((f) => f.path === 'SKILL.md');
  const mdText = md === undefined ? undefined : textOf(md.bytes, 'text/markdown');
  if (mdText === undefined) throw new SkillLoadError(skillMd, 'is not valid UTF-8 text');
  const fm = checkFrontmatter(mdText, opts.parseYaml);
  if (!fm.ok) throw new SkillLoadError(skillMd, fm.reason);
  const folderName = basename(folder);
  if (fm.name !== folderName) throw new SkillLoadError(skillMd, `frontmatter name ${JSON.stringify(fm.name)} must equal the skill's folder name ${JSON.stringify(folderName)}`);
  const skillPath = [...opts.prefix, fm.name].join('/');
  const rootUri = `skill://${skillPath}`;
  const files: SkillFile[] = raw.map((f) => {
    const mimeType = mimeTypeOf(basename(f.path));
    return {
      uri: `${rootUri}/${f.path.split('/').map(encodeSegment).join('/')}`,
      path: f.path,
      mimeType,
      bytes: f.bytes,
      digest: digestOf(f.bytes),
      size: f.bytes.byteLength,
      text: textOf(f.bytes, mimeType),
    };
  });
  const uri = `${rootUri}/SKILL.md`;
  const skill: LoadedSkill = {
    name: fm.name,
    description: fm.description,
    skillPath,
    rootUri,
    uri,
    folder: relative(process.cwd(), folder) || '.',
    frontmatter: fm.frontmatter,
    files,
    directories: directoryTree(rootUri, files),
    entry: { uri, frontmatter: fm.frontmatter, resources: files.map((f) => ({ uri: f.uri, digest: f.digest, size: f.size })) },
    ...(opts.roles !== undefined ? { roles: opts.roles } : {}),
  };
  return skill;
}

/** Skill folders of a `dirs` entry: its direct subfolders that hold a SKILL.md, sorted by name. */
function skillFoldersOf(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new SkillLoadError(dir, 'skills folder does not exist');
  return skillFoldersIn(dir);
}

/**
 * Loads every configured skill (async only to load the YAML parser on demand). Throws
 * {@link SkillLoadError} naming the file on the first problem: a server never starts with a broken skill.
 *
 * @example
 * const skills = await loadSkills({ root: new URL('../../', import.meta.url), dirs: ['skills'] });
 * skills.map((s) => s.uri) // ['skill://pdf-processing/SKILL.md', ...]
 */
export async function loadSkills(options: SkillsOptions): Promise<LoadedSkill[]> {
  const { parse } = await import('yaml');
  const root = rootDir(options.root);
  const prefix = checkPrefix(options.prefix);
  const folders = [...(options.dirs ?? []).flatMap((d) => skillFoldersOf(resolve(root, d))), ...(options.paths ?? []).map((p) => resolve(root, p))];
  const common = {
    prefix,
    maxFiles: options.maxFiles ?? DEFAULT_MAX_FILES,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    parseYaml: (s: string) => parse(s),
    ...(options.roles !== undefined ? { roles: options.roles } : {}),
  };
  const seen = new Map<string, string>();
  const skills: LoadedSkill[] = [];
  for (const folder of folders) {
    const real = existsSync(folder) ? realpathSync(folder) : folder;
    if (seen.has(real)) continue; // listed by `dirs` and by `paths`: one skill
    const skill = loadSkill(folder, common);
    const clash = [...seen.values()].find((u) => u === skill.uri);
    if (clash !== undefined) throw new SkillLoadError(folder, `skill URI ${skill.uri} is already served by another skill folder`);
    seen.set(real, skill.uri);
    skills.push(skill);
  }
  return skills;
}

/**
 * {@link loadSkills} for a server's start-up (the generated registry calls it): a broken skill ends the
 * process with one line on stderr naming the file and exit code 1, instead of an uncaught error with its
 * stack trace. Other errors propagate unchanged.
 *
 * @example
 * const skills = await loadSkillsAtStartup({ root: new URL('../../', import.meta.url), dirs: ['skills'] });
 */
export async function loadSkillsAtStartup(options: SkillsOptions, exit: (code: number) => void = (code) => process.exit(code)): Promise<LoadedSkill[]> {
  try {
    return await loadSkills(options);
  } catch (error) {
    if (!(error instanceof SkillLoadError)) throw error;
    process.stderr.write(`mcp-gen: cannot start: skill ${error.message}\n`);
    exit(1);
    throw error; // only reached when `exit` returns (tests)
  }
}
