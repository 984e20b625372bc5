/**
 * Settings validation as a user meets it: runCli refuses to start with one line on stderr and exit 1.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../runtime/src/cli/run-cli.js';
import { createMcpServer } from '../../runtime/src/server/create-server.js';
import { loadSettings } from '../../runtime/src/settings/load.js';
import { silentLogger } from '../../runtime/src/logger/index.js';
import { testRegistry } from './app.js';

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  return {
    stream: new Writable({
      write(c: Buffer, _e, cb) {
        chunks.push(c.toString());
        cb();
      },
    }),
    text: () => chunks.join(''),
  };
}

const cases: Array<[Record<string, string>, string]> = [
  [{ MCP_RATE_LIMIT: 'abc' }, 'error: invalid MCP_RATE_LIMIT "abc": expected <N>/<s|m|h|d> (e.g. 100/m)\n'],
  [{ MCP_AUTH_MODE: 'apikey' }, 'error: MCP_AUTH_MODE=apikey needs keys: set MCP_API_KEYS (k1,k2) or MCP_API_KEYS_MAP (k1:admin|user;k2:user)\n'],
  [{ MCP_AUTH_MODE: 'hmac' }, 'error: MCP_AUTH_MODE=hmac needs MCP_HMAC_SECRET\n'],
  [{ MCP_AUTH_MODE: 'oauth' }, 'error: MCP_AUTH_MODE=oauth needs MCP_OAUTH_ISSUER, MCP_OAUTH_AUDIENCE and MCP_OAUTH_JWKS_URL (missing: MCP_OAUTH_ISSUER, MCP_OAUTH_AUDIENCE, MCP_OAUTH_JWKS_URL)\n'],
  [{ PORT: 'eighty' }, 'error: invalid PORT "eighty": expected an integer from 0 to 65535\n'],
  [{ MCP_API_KEYS_MAP: 'secret-without-roles' }, 'error: invalid MCP_API_KEYS_MAP (value hidden): expected key:role|role;key:role\n'],
  [{ MCP_PROVIDERS: './does-not-exist.js' }, 'error: cannot load provider "./does-not-exist.js" (MCP_PROVIDERS): '],
];

describe('start-up validation through runCli', () => {
  for (const [env, expected] of cases) {
    it(`refuses ${JSON.stringify(env)}`, async () => {
      const out = sink();
      const err = sink();
      const codes: number[] = [];
      await runCli(() => createMcpServer(testRegistry({ cachedRuns: 0, slowAborted: 0 }), { settings: loadSettings({ PORT: '0', ...env }), logger: silentLogger() }), {
        argv: ['serve'],
        stdout: out.stream,
        stderr: err.stream,
        exit: (c) => codes.push(c),
        signals: false,
      });
      expect(codes).toEqual([1]);
      expect(err.text().startsWith(expected)).toBe(true);
      expect(err.text().trim().split('\n')).toHaveLength(1);
      expect(out.text()).toBe('');
      expect(err.text()).not.toContain('secret-without-roles');
    });
  }
});

describe('schemas/mcp.schema.json settings', () => {
  it('names exactly the non-secret runtime settings (every key the runtime reads is writable in mcp.yaml)', async () => {
    const { readFileSync } = await import('node:fs');
    const { SETTING_VARIABLES } = await import('../../runtime/src/settings/load.js');
    const schema = JSON.parse(readFileSync(new URL('../../schemas/mcp.schema.json', import.meta.url), 'utf8'));
    // Secret keys are declared too, only so that editors and the loader can say "set it in the environment".
    const secrets = Object.entries(SETTING_VARIABLES).filter(([, spec]) => spec.secret === true).map(([key]) => key);
    const inSchema = Object.keys(schema.properties.settings.properties).filter((key) => !secrets.includes(key)).sort();
    const runtimeKeys = Object.entries(SETTING_VARIABLES)
      .filter(([, spec]) => spec.secret !== true)
      .map(([key]) => key)
      .sort();
    expect(inSchema).toEqual(runtimeKeys);
    for (const key of ['hmacAllowBodyOnly', 'authFailLimit', 'docsPublic']) expect(inSchema).toContain(key);
    // The documented defaults match the runtime's.
    expect(schema.properties.settings.properties.metrics.description).toContain('Default true');
    expect(schema.properties.settings.properties.defaultRoles.description).toContain('Default [user]');
  });
});
