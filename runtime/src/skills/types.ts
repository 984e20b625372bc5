/**
 * Agent skills served over MCP (SEP-2640, extension `io.modelcontextprotocol/skills`): what the loader
 * reads from disk and what `skills/list`, `skills/get` and `resources/directory/read` answer from.
 */

/** The extension identifier, as declared under `capabilities.extensions`. */
export const SKILLS_EXTENSION = 'io.modelcontextprotocol/skills';

/** MIME type of directory resources (`resources/directory/read`). */
export const DIRECTORY_MIME_TYPE = 'inode/directory';

/** Where skills come from (mcp.yaml `skills:`); paths are relative to `root`. */
export interface SkillsOptions {
  /** Project root the paths below resolve against: a directory path or `file:` URL. */
  readonly root: string | URL;
  /** Folders whose direct subfolders holding a SKILL.md are skills. */
  readonly dirs?: readonly string[];
  /** Skill folders, each with a SKILL.md at its root. */
  readonly paths?: readonly string[];
  /** Organizational prefix of every skill URI: `acme/billing` gives `skill://acme/billing/<name>/SKILL.md`. */
  readonly prefix?: string;
  /** Roles that may see and read the skills; absent means everyone. */
  readonly roles?: readonly string[];
  /** Most files one skill may hold, SKILL.md included (default 512, the SEP's limit). */
  readonly maxFiles?: number;
  /** Most bytes one skill may hold, all files summed (default 16 MiB, the SEP's limit). */
  readonly maxBytes?: number;
}

/** One file of a loaded skill, read once at start-up. */
export interface SkillFile {
  /** `skill://<skill-path>/<file-path>`. */
  readonly uri: string;
  /** Path inside the skill folder, `/`-separated: `references/FORMS.md`. */
  readonly path: string;
  readonly mimeType: string;
  readonly bytes: Uint8Array;
  /** `sha256:<64 lowercase hex>` of the raw bytes. */
  readonly digest: string;
  readonly size: number;
  /** The bytes as UTF-8 text when they are valid UTF-8 and the type is textual; else undefined (served as a blob). */
  readonly text: string | undefined;
}

/** One `{uri, digest, size}` of a skill entry's `resources`. */
export interface SkillResourceEntry {
  readonly uri: string;
  readonly digest: string;
  readonly size: number;
}

/** The wire entry of `skills/list` and `skills/get`. */
export interface SkillEntry {
  readonly uri: string;
  readonly frontmatter: Readonly<Record<string, unknown>>;
  readonly resources: readonly SkillResourceEntry[];
}

/** A skill read from disk. */
export interface LoadedSkill {
  /** Frontmatter `name` (equals the folder name and the final skill-path segment). */
  readonly name: string;
  readonly description: string;
  /** `<prefix>/<name>` or `<name>`. */
  readonly skillPath: string;
  /** `skill://<skill-path>`: the root directory resource (no trailing slash). */
  readonly rootUri: string;
  /** `skill://<skill-path>/SKILL.md`. */
  readonly uri: string;
  /** Absolute folder on disk (for messages). */
  readonly folder: string;
  readonly frontmatter: Readonly<Record<string, unknown>>;
  /** Files sorted by path (SKILL.md included). */
  readonly files: readonly SkillFile[];
  /** Directory URI (root included) -> its direct children, files and subdirectories, sorted by URI. */
  readonly directories: ReadonlyMap<string, readonly { readonly uri: string; readonly name: string; readonly mimeType: string }[]>;
  readonly entry: SkillEntry;
  readonly roles?: readonly string[];
}

/** A problem found while loading skills: names the file and what is wrong. Thrown at start-up. */
export class SkillLoadError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'SkillLoadError';
  }
}
