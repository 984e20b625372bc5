import { describe, expect, it } from 'vitest';
import { loadSettings, SettingsError, describeSettings, SETTING_VARIABLES } from './load.js';
import { parseRateLimit, parseRoleMap } from './parse.js';

const err = (fn: () => unknown): SettingsError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof SettingsError) return e;
    throw e;
  }
  throw new Error('expected a SettingsError');
};

describe('loadSettings', () => {
  it('gives safe defaults with an empty environment', () => {
    const s = loadSettings({}, {});
    expect(s.host).toBe('127.0.0.1');
    expect(s.port).toBe(8765);
    expect(s.authMode).toBe('none');
    expect(s.rateLimit).toBeUndefined();
    expect(s.rateScope).toBe('ip');
    expect(s.logFormat).toBe('json');
    expect(s.logLevel).toBe('info');
    expect(s.maxBodyBytes).toBe(4 * 1024 * 1024);
    expect(s.maxJsonDepth).toBe(64);
    expect(s.hmacAllowBodyOnly).toBe(false);
    expect(s.metrics).toBe(true);
    expect(s.docs).toBe(true);
    expect(s.docsPublic).toBe(false);
    expect(s.defaultRoles).toEqual(['user']);
    expect(Object.isFrozen(s)).toBe(true);
  });

  it('reads default roles: user unless set; set but empty (or [] in mcp.yaml) means none', () => {
    expect(loadSettings({ MCP_DEFAULT_ROLES: 'a, b' }).defaultRoles).toEqual(['a', 'b']);
    expect(loadSettings({ MCP_DEFAULT_ROLES: '' }).defaultRoles).toEqual([]);
    expect(loadSettings({ MCP_DEFAULT_ROLES: '  ' }, { defaultRoles: ['x'] }).defaultRoles).toEqual([]);
    expect(loadSettings({}, { defaultRoles: [] }).defaultRoles).toEqual([]);
    expect(loadSettings({}, { defaultRoles: ['reader'] }).defaultRoles).toEqual(['reader']);
    expect(loadSettings({ MCP_DEFAULT_ROLES: 'env' }, { defaultRoles: ['reader'] }).defaultRoles).toEqual(['env']);
  });

  it('reads MCP_DOCS_PUBLIC and MCP_METRICS (env over mcp.yaml)', () => {
    expect(loadSettings({ MCP_DOCS_PUBLIC: 'true' }).docsPublic).toBe(true);
    expect(loadSettings({}, { docsPublic: true }).docsPublic).toBe(true);
    expect(loadSettings({ MCP_METRICS: 'false' }, { metrics: true }).metrics).toBe(false);
    expect(() => loadSettings({ MCP_DOCS_PUBLIC: 'sometimes' })).toThrow('invalid MCP_DOCS_PUBLIC "sometimes": expected true|false');
  });

  it('reads MCP_TASK_LEASE_MS (default 15 s, 1 s to 1 h)', () => {
    expect(loadSettings({}).taskLeaseMs).toBe(15_000);
    expect(loadSettings({ MCP_TASK_LEASE_MS: '30000' }).taskLeaseMs).toBe(30_000);
    expect(loadSettings({}, { taskLeaseMs: 5000 }).taskLeaseMs).toBe(5000);
    expect(() => loadSettings({ MCP_TASK_LEASE_MS: '500' })).toThrow(/MCP_TASK_LEASE_MS "500"/);
    expect(() => loadSettings({ MCP_TASK_LEASE_MS: 'soon' })).toThrow(/MCP_TASK_LEASE_MS "soon"/);
  });

  it('reads every reference variable', () => {
    const s = loadSettings({
      MCP_AUTH_MODE: 'apikey',
      MCP_API_KEYS: 'k1, k2',
      MCP_API_KEYS_MAP: 'k3:admin|user;k4:user',
      MCP_HMAC_SECRET: 'supersecret',
      MCP_RATE_LIMIT: '60/m',
      MCP_RATE_SCOPE: 'key',
      MCP_ALLOWED_ORIGINS: 'http://localhost:3000,https://your.app',
      MCP_CORS_ORIGIN: '*',
      MCP_LOG_FORMAT: 'pretty',
      MCP_PROVIDERS: './a.js,./b.js:Provider',
      PORT: '9000',
      HOST: '0.0.0.0',
    });
    expect(s.authMode).toBe('apikey');
    expect(s.apiKeys).toEqual(['k1', 'k2']);
    expect([...s.apiKeysMap]).toEqual([
      ['k3', ['admin', 'user']],
      ['k4', ['user']],
    ]);
    expect(s.rateLimit).toEqual({ spec: '60/m', limit: 60, windowMs: 60_000 });
    expect(s.rateScope).toBe('key');
    expect(s.allowedOrigins).toEqual(['http://localhost:3000', 'https://your.app']);
    expect(s.corsOrigin).toBe('*');
    expect(s.logFormat).toBe('pretty');
    expect(s.providers).toEqual(['./a.js', './b.js:Provider']);
    expect(s.port).toBe(9000);
    expect(s.host).toBe('0.0.0.0');
  });

  it('reads the auth failure brake', () => {
    expect(loadSettings({}).authFailLimit).toBeUndefined();
    expect(loadSettings({ MCP_AUTH_FAIL_LIMIT: '10/m' }).authFailLimit).toEqual({ spec: '10/m', limit: 10, windowMs: 60_000 });
    expect(err(() => loadSettings({ MCP_AUTH_FAIL_LIMIT: 'ten' })).message).toBe('invalid MCP_AUTH_FAIL_LIMIT "ten": expected <N>/<s|m|h|d> (e.g. 100/m)');
  });

  it('lets the environment win over mcp.yaml defaults', () => {
    const s = loadSettings({ MCP_RATE_LIMIT: '5/s' }, { rateLimit: '100/h', maxJsonDepth: 10, allowedHosts: ['a.example', 'b.example'] });
    expect(s.rateLimit?.spec).toBe('5/s');
    expect(s.maxJsonDepth).toBe(10);
    expect(s.allowedHosts).toEqual(['a.example', 'b.example']);
  });

  it('treats empty variables as unset', () => {
    expect(loadSettings({ MCP_RATE_LIMIT: '', PORT: '  ' }).port).toBe(8765);
  });

  it.each([
    [{ MCP_RATE_LIMIT: 'abc' }, 'invalid MCP_RATE_LIMIT "abc": expected <N>/<s|m|h|d> (e.g. 100/m)'],
    [{ MCP_RATE_LIMIT: '0/m' }, 'invalid MCP_RATE_LIMIT "0/m": expected <N>/<s|m|h|d> (e.g. 100/m)'],
    [{ MCP_AUTH_MODE: 'basic' }, 'invalid MCP_AUTH_MODE "basic": expected none|apikey|hmac|oauth'],
    [{ MCP_RATE_SCOPE: 'user' }, 'invalid MCP_RATE_SCOPE "user": expected ip|key'],
    [{ PORT: '70000' }, 'invalid PORT "70000": expected an integer from 0 to 65535'],
    [{ PORT: '1e3' }, 'invalid PORT "1e3": expected an integer from 0 to 65535'],
    [{ MCP_MAX_BODY_BYTES: '-1' }, 'invalid MCP_MAX_BODY_BYTES "-1": expected an integer from 1 to 1073741824 bytes'],
    [{ MCP_LOG_FORMAT: 'xml' }, 'invalid MCP_LOG_FORMAT "xml": expected json|pretty'],
    [{ MCP_LOG_LEVEL: 'loud' }, 'invalid MCP_LOG_LEVEL "loud": expected trace|debug|info|warn|error|fatal|silent'],
    [{ MCP_METRICS: 'maybe' }, 'invalid MCP_METRICS "maybe": expected true|false'],
    [{ MCP_RATE_LIMIT_FAIL: 'ajar' }, 'invalid MCP_RATE_LIMIT_FAIL "ajar": expected open|closed'],
    [{ MCP_ALLOWED_ORIGINS: 'not a url' }, 'invalid MCP_ALLOWED_ORIGINS "not a url": expected comma-separated origins like https://app.example.com (or *)'],
    [{ MCP_CORS_ORIGIN: 'ftp//x' }, 'invalid MCP_CORS_ORIGIN "ftp//x": expected * or comma-separated origins like https://app.example.com'],
  ])('rejects %o with one clear line', (env, message) => {
    const e = err(() => loadSettings(env));
    expect(e.message).toBe(message);
    expect(e.message).not.toContain('\n');
  });

  it('never echoes a secret in an error', () => {
    const e = err(() => loadSettings({ MCP_API_KEYS_MAP: 'topsecretkey-without-roles' }));
    expect(e.message).toBe('invalid MCP_API_KEYS_MAP (value hidden): expected key:role|role;key:role');
    expect(e.message).not.toContain('topsecret');
    const r = err(() => loadSettings({ MCP_REDIS_URL: 'http://user:pw@host' }));
    expect(r.message).not.toContain('pw');
  });

  it('cross-checks auth modes', () => {
    expect(err(() => loadSettings({ MCP_AUTH_MODE: 'apikey' })).message).toBe(
      'MCP_AUTH_MODE=apikey needs keys: set MCP_API_KEYS (k1,k2) or MCP_API_KEYS_MAP (k1:admin|user;k2:user)',
    );
    expect(err(() => loadSettings({ MCP_AUTH_MODE: 'hmac' })).message).toBe('MCP_AUTH_MODE=hmac needs MCP_HMAC_SECRET');
    expect(err(() => loadSettings({ MCP_AUTH_MODE: 'oauth', MCP_OAUTH_ISSUER: 'https://as.example' })).message).toBe(
      'MCP_AUTH_MODE=oauth needs MCP_OAUTH_ISSUER, MCP_OAUTH_AUDIENCE and MCP_OAUTH_JWKS_URL (missing: MCP_OAUTH_AUDIENCE, MCP_OAUTH_JWKS_URL)',
    );
    expect(
      err(() => loadSettings({ MCP_AUTH_MODE: 'oauth', MCP_OAUTH_ISSUER: 'https://as.example', MCP_OAUTH_AUDIENCE: 'https://mcp.example/mcp', MCP_OAUTH_JWKS_URL: 'http://as.example/jwks' })).message,
    ).toBe('invalid MCP_OAUTH_JWKS_URL "http://as.example/jwks": expected an https:// URL (http:// only for localhost)');
  });

  it('builds oauth settings with defaults from the issuer and audience', () => {
    const s = loadSettings({
      MCP_AUTH_MODE: 'oauth',
      MCP_OAUTH_ISSUER: 'https://as.example',
      MCP_OAUTH_AUDIENCE: 'https://mcp.example/mcp',
      MCP_OAUTH_JWKS_URL: 'http://127.0.0.1:9/jwks',
      MCP_OAUTH_SCOPE_ROLES: 'mcp.read:user;mcp.admin:admin|user',
      MCP_OAUTH_REQUIRED_SCOPES: 'mcp.read',
    });
    expect(s.oauth?.resourceUrl).toBe('https://mcp.example/mcp');
    expect(s.oauth?.authorizationServers).toEqual(['https://as.example']);
    expect(s.oauth?.scopeRoles.get('mcp.admin')).toEqual(['admin', 'user']);
    expect(s.oauth?.requiredScopes).toEqual(['mcp.read']);
  });

  it('refuses secrets and unknown keys in mcp.yaml', () => {
    expect(err(() => loadSettings({}, { hmacSecret: 'x' })).message).toBe('mcp.yaml settings.hmacSecret is a secret: set MCP_HMAC_SECRET in the environment instead');
    expect(err(() => loadSettings({}, { apiKeys: ['x'] })).variable).toBe('mcp.yaml settings.apiKeys');
    expect(err(() => loadSettings({}, { rateLimt: '1/m' })).message).toMatch(/^unknown mcp.yaml settings.rateLimt: expected one of host, port/);
    expect(err(() => loadSettings({}, { redisUrl: 'redis://u:p@h:6379' })).message).toContain('holds credentials');
    expect(err(() => loadSettings({}, { rateLimit: 'fast' })).message).toBe('invalid mcp.yaml settings.rateLimit "fast": expected <N>/<s|m|h|d> (e.g. 100/m)');
    expect(err(() => loadSettings({}, { port: 1.5 })).message).toBe('invalid mcp.yaml settings.port 1.5: expected an integer from 0 to 65535');
  });

  it('masks secrets when described', () => {
    const s = loadSettings({ MCP_AUTH_MODE: 'hmac', MCP_HMAC_SECRET: 'supersecret', MCP_API_KEYS: 'abc', MCP_REDIS_URL: 'redis://u:pw@h:6379' });
    const text = JSON.stringify(describeSettings(s));
    expect(text).not.toContain('supersecret');
    expect(text).not.toContain('"abc"');
    expect(text).not.toContain(':pw@');
  });

  it('documents one variable per key', () => {
    const envs = Object.values(SETTING_VARIABLES).map((v) => v.env);
    expect(new Set(envs).size).toBe(envs.length);
  });
});

describe('parsers', () => {
  it('parses rate limits', () => {
    expect(parseRateLimit('100/m')).toEqual({ spec: '100/m', limit: 100, windowMs: 60_000 });
    expect(parseRateLimit('1/d')?.windowMs).toBe(86_400_000);
    expect(parseRateLimit('10/x')).toBeUndefined();
    expect(parseRateLimit('/m')).toBeUndefined();
  });
  it('parses role maps', () => {
    expect(parseRoleMap('k1:admin|user;k2:user')?.get('k1')).toEqual(['admin', 'user']);
    expect(parseRoleMap('k1')).toBeUndefined();
    expect(parseRoleMap('k1:')).toBeUndefined();
  });
});

describe('MCP_TRUST_PROXY', () => {
  it('is off by default and for false/0/off', () => {
    expect(loadSettings({}).trustProxy).toBeUndefined();
    for (const v of ['false', 'FALSE', '0', 'off', 'no']) expect(loadSettings({ MCP_TRUST_PROXY: v }).trustProxy, v).toBeUndefined();
    expect(loadSettings({}, { trustProxy: false }).trustProxy).toBeUndefined();
    expect(loadSettings({}, { trustProxy: 0 }).trustProxy).toBeUndefined();
  });

  it('takes a hop count', () => {
    expect(loadSettings({ MCP_TRUST_PROXY: '1' }).trustProxy).toEqual({ kind: 'hops', spec: '1', hops: 1 });
    expect(loadSettings({ MCP_TRUST_PROXY: ' 32 ' }).trustProxy).toMatchObject({ kind: 'hops', hops: 32 });
    expect(loadSettings({}, { trustProxy: 2 }).trustProxy).toMatchObject({ kind: 'hops', hops: 2 });
  });

  it('takes proxy IPs, CIDRs (IPv4 and IPv6) and named ranges', () => {
    const s = loadSettings({ MCP_TRUST_PROXY: '10.0.0.0/8, 192.168.1.7 ,2001:db8::/32,::1,loopback' }).trustProxy;
    expect(s?.kind).toBe('proxies');
    expect(s?.spec).toBe('10.0.0.0/8,192.168.1.7,2001:db8::/32,::1,loopback');
    if (s?.kind !== 'proxies') throw new Error('expected proxies');
    expect(s.proxies.check('10.200.3.4', 'ipv4')).toBe(true);
    expect(s.proxies.check('192.168.1.7', 'ipv4')).toBe(true);
    expect(s.proxies.check('192.168.1.8', 'ipv4')).toBe(false);
    expect(s.proxies.check('2001:db8:5::1', 'ipv6')).toBe(true);
    expect(s.proxies.check('127.0.0.9', 'ipv4')).toBe(true);
    expect(s.proxies.check('2001:db9::1', 'ipv6')).toBe(false);
    const fromYaml = loadSettings({}, { trustProxy: ['uniquelocal', '203.0.113.0/24'] }).trustProxy;
    expect(fromYaml?.kind === 'proxies' && fromYaml.proxies.check('172.16.4.4', 'ipv4')).toBe(true);
    // the environment wins over mcp.yaml
    expect(loadSettings({ MCP_TRUST_PROXY: '2' }, { trustProxy: ['loopback'] }).trustProxy).toMatchObject({ kind: 'hops', hops: 2 });
    expect(describeSettings(loadSettings({ MCP_TRUST_PROXY: 'loopback' })).trustProxy).toBe('loopback');
  });

  it('refuses true with a reason, and malformed values naming the variable, the item and the form', () => {
    for (const v of ['true', 'TRUE', 'yes', 'on', '*']) {
      const e = err(() => loadSettings({ MCP_TRUST_PROXY: v }));
      expect(e.variable).toBe('MCP_TRUST_PROXY');
      expect(e.message).toContain(`invalid MCP_TRUST_PROXY ${JSON.stringify(v)}: expected a hop count or proxy IPs/CIDRs; true is not allowed`);
      expect(e.message).not.toContain('\n');
    }
    const cases: [string, string][] = [
      ['33', '"33": expected a hop count from 1 to 32'],
      ['10.0.0.0/8,10.0.0.300', '"10.0.0.300": expected comma-separated proxy IPs or CIDRs'],
      ['10.0.0.0/33', '"10.0.0.0/33": expected comma-separated proxy IPs or CIDRs'],
      ['2001:db8::/129', '"2001:db8::/129": expected'],
      ['10.0.0.0/x', '"10.0.0.0/x": expected'],
      ['lb.internal', '"lb.internal": expected'],
      ['-1', '"-1": expected'],
    ];
    for (const [v, text] of cases) {
      const e = err(() => loadSettings({ MCP_TRUST_PROXY: v }));
      expect(e.message, v).toContain(`invalid MCP_TRUST_PROXY ${text}`);
      expect(e.variable).toBe('MCP_TRUST_PROXY');
    }
    expect(err(() => loadSettings({}, { trustProxy: true })).message).toBe(
      'invalid mcp.yaml settings.trustProxy "true": expected a hop count or proxy IPs/CIDRs; true is not allowed: it would believe any client\'s X-Forwarded-For',
    );
    expect(err(() => loadSettings({}, { trustProxy: 1.5 })).message).toContain('invalid mcp.yaml settings.trustProxy 1.5: expected false, a hop count');
  });
});
