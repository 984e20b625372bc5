/**
 * Skills (SEP-2640) with the official TypeScript SDK 1.x client over Streamable HTTP: the client sees the
 * extension declared, lists skills, gets one, reads its SKILL.md and a supporting file, and verifies each
 * read against the entry's SHA-256 digest and size, as a host must.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { createApp, type App } from '../../runtime/src/app/create-app.js';
import { createMcpServer } from '../../runtime/src/server/create-server.js';
import { silentLogger } from '../../runtime/src/logger/index.js';
import { loadSkills, skillResources, SKILLS_EXTENSION } from '../../runtime/src/skills/index.js';
import { testRegistry, testSettings } from '../transport/fixture.js';

const SKILLS_DIR = join(import.meta.dirname, '../../examples/conformance');

const Entry = z.object({
  uri: z.string(),
  frontmatter: z.record(z.string(), z.unknown()),
  resources: z.array(z.object({ uri: z.string(), digest: z.string(), size: z.number() })),
});
const ListSkills = z.object({ skills: z.array(Entry), nextCursor: z.string().optional() });
const GetSkill = z.object({ skill: Entry });
const DirectoryRead = z.object({ resources: z.array(z.object({ uri: z.string(), name: z.string(), mimeType: z.string().optional() })) });

let app: App;
let client: Client;

beforeAll(async () => {
  const skills = await loadSkills({ root: SKILLS_DIR, dirs: ['skills'] });
  const base = testRegistry();
  const server = createMcpServer({ ...base, resources: [...base.resources, ...skillResources(skills)] }, { settings: testSettings(), logger: silentLogger() });
  app = createApp(server);
  const { url } = await app.listen(0, '127.0.0.1');
  client = new Client({ name: 'skills-host', version: '1.0.0' }, { capabilities: {} });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
});
afterAll(async () => {
  await client?.close().catch(() => undefined);
  await app?.close();
});

const sha256 = (text: string): string => `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;

describe('skills with the SDK 1.x client', () => {
  it('sees the extension declared with directoryRead', () => {
    const caps = client.getServerCapabilities() as Record<string, any>;
    expect(caps['extensions']?.[SKILLS_EXTENSION]).toEqual({ directoryRead: true });
    expect(caps['resources']).toBeDefined();
  });

  it('lists skills, gets one, and reads SKILL.md and a supporting file that match their digests', async () => {
    const { skills } = await client.request({ method: 'skills/list', params: {} }, ListSkills);
    expect(skills.map((s) => s.uri)).toEqual(['skill://git-workflow/SKILL.md', 'skill://pdf-processing/SKILL.md']);
    const listed = skills[1]!;
    expect(listed.frontmatter).toMatchObject({ name: 'pdf-processing', description: 'Extract, fill, and assemble PDF documents', metadata: { version: '2.1.0' } });

    const { skill } = await client.request({ method: 'skills/get', params: { uri: listed.uri } }, GetSkill);
    expect(skill).toEqual(listed);

    for (const uri of ['skill://pdf-processing/SKILL.md', 'skill://pdf-processing/references/FORMS.md']) {
      const want = skill.resources.find((r) => r.uri === uri);
      expect(want, uri).toBeDefined();
      const read = await client.readResource({ uri });
      const item = read.contents[0] as { uri: string; mimeType?: string; text?: string };
      expect(item.mimeType).toBe('text/markdown');
      expect(typeof item.text).toBe('string');
      expect(sha256(item.text!)).toBe(want!.digest);
      expect(Buffer.byteLength(item.text!, 'utf8')).toBe(want!.size);
    }
    const md = await client.readResource({ uri: listed.uri });
    expect((md.contents[0] as { text: string }).text).toMatch(/^---\nname: pdf-processing\n/);
  });

  it('finds SKILL.md in resources/list with the frontmatter name and description', async () => {
    const { resources } = await client.listResources();
    expect(resources.find((r) => r.uri === 'skill://pdf-processing/SKILL.md')).toMatchObject({
      name: 'pdf-processing',
      description: 'Extract, fill, and assemble PDF documents',
      mimeType: 'text/markdown',
    });
  });

  it('reads a skill directory and refuses an unknown skill with -32602', async () => {
    const dir = await client.request({ method: 'resources/directory/read', params: { uri: 'skill://pdf-processing/templates' } }, DirectoryRead);
    expect(dir.resources.map((r) => [r.uri, r.mimeType])).toEqual([
      ['skill://pdf-processing/templates/invoice.md', 'text/markdown'],
      ['skill://pdf-processing/templates/regional', 'inode/directory'],
    ]);
    const err = await client.request({ method: 'skills/get', params: { uri: 'skill://nope/SKILL.md' } }, GetSkill).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(McpError);
    expect((err as McpError).code).toBe(-32602);
  });
});
