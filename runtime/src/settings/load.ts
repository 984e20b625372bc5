/**
 * Loads and validates the runtime settings once, at start-up: the environment (MCP_* variables,
 * mirroring flask-mcp-server's FLASK_MCP_*, plus PORT and HOST) over the non-secret defaults of
 * mcp.yaml `settings:` (camelCase keys). Secrets come only from the environment.
 * Any bad value is a {@link SettingsError} with one line naming the variable, the value and the expected form:
 * `invalid MCP_RATE_LIMIT "abc": expected <N>/<s|m|h|d>`.
 */
import type { SettingsDefaults } from '../registry/types.js';
import { parseBool, parseHttpUrl, parseIntIn, parseList, parseRateLimit, parseRoleMap, parseTrustProxy } from './parse.js';
import type { AuthMode, OAuthSettings, RateLimitSpec, Settings, TrustProxy } from './types.js';

/** A start-up configuration error: one line, naming the variable (or mcp.yaml key) and the expected form. */
export class SettingsError extends Error {
  constructor(
    message: string,
    /** The variable or `mcp.yaml settings.<key>` at fault. */
    readonly variable: string,
  ) {
    super(message);
    this.name = 'SettingsError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;
type Raw = string | number | boolean | readonly string[];

interface Spec {
  readonly env: string;
  /** Older or alternative variable names accepted too. */
  readonly aliases?: readonly string[];
  /** Secret: only from the environment, never echoed in errors. */
  readonly secret?: boolean;
}

/** Every setting: mcp.yaml key -> environment variable. */
export const SETTING_VARIABLES: Readonly<Record<string, Spec>> = {
  host: { env: 'HOST' },
  port: { env: 'PORT' },
  authMode: { env: 'MCP_AUTH_MODE' },
  apiKeys: { env: 'MCP_API_KEYS', secret: true },
  apiKeysMap: { env: 'MCP_API_KEYS_MAP', secret: true },
  hmacSecret: { env: 'MCP_HMAC_SECRET', secret: true },
  stateSecret: { env: 'MCP_STATE_SECRET', secret: true },
  hmacWindowSec: { env: 'MCP_HMAC_WINDOW_SEC' },
  hmacAllowBodyOnly: { env: 'MCP_HMAC_ALLOW_BODY_ONLY' },
  defaultRoles: { env: 'MCP_DEFAULT_ROLES' },
  rateLimit: { env: 'MCP_RATE_LIMIT' },
  authFailLimit: { env: 'MCP_AUTH_FAIL_LIMIT' },
  rateScope: { env: 'MCP_RATE_SCOPE' },
  rateLimitFailMode: { env: 'MCP_RATE_LIMIT_FAIL', aliases: ['MCP_RATE_LIMIT_FAIL_MODE'] },
  trustProxy: { env: 'MCP_TRUST_PROXY' },
  allowedOrigins: { env: 'MCP_ALLOWED_ORIGINS' },
  allowedHosts: { env: 'MCP_ALLOWED_HOSTS' },
  corsOrigin: { env: 'MCP_CORS_ORIGIN' },
  logFormat: { env: 'MCP_LOG_FORMAT' },
  logLevel: { env: 'MCP_LOG_LEVEL' },
  providers: { env: 'MCP_PROVIDERS' },
  redisUrl: { env: 'MCP_REDIS_URL' },
  maxBodyBytes: { env: 'MCP_MAX_BODY_BYTES' },
  maxJsonDepth: { env: 'MCP_MAX_JSON_DEPTH' },
  requestTimeoutMs: { env: 'MCP_REQUEST_TIMEOUT_MS' },
  toolTimeoutMs: { env: 'MCP_TOOL_TIMEOUT_MS' },
  taskLeaseMs: { env: 'MCP_TASK_LEASE_MS' },
  sessionIdleMs: { env: 'MCP_SESSION_IDLE_MS' },
  maxSessions: { env: 'MCP_MAX_SESSIONS' },
  maxStreamsPerSession: { env: 'MCP_MAX_STREAMS_PER_SESSION' },
  maxConnections: { env: 'MCP_MAX_CONNECTIONS' },
  maxConcurrentCalls: { env: 'MCP_MAX_CONCURRENT_CALLS' },
  cacheMaxEntries: { env: 'MCP_CACHE_MAX_ENTRIES' },
  shutdownGraceMs: { env: 'MCP_SHUTDOWN_GRACE_MS' },
  docs: { env: 'MCP_DOCS' },
  docsPublic: { env: 'MCP_DOCS_PUBLIC' },
  metrics: { env: 'MCP_METRICS' },
  oauthIssuer: { env: 'MCP_OAUTH_ISSUER' },
  oauthAudience: { env: 'MCP_OAUTH_AUDIENCE' },
  oauthJwksUrl: { env: 'MCP_OAUTH_JWKS_URL' },
  oauthResourceUrl: { env: 'MCP_OAUTH_RESOURCE_URL' },
  oauthAuthorizationServers: { env: 'MCP_OAUTH_AUTHORIZATION_SERVERS' },
  oauthScopeRoles: { env: 'MCP_OAUTH_SCOPE_ROLES' },
  oauthRequiredScopes: { env: 'MCP_OAUTH_REQUIRED_SCOPES' },
};

/** Defaults when neither the environment nor mcp.yaml sets a value. */
export const SETTING_DEFAULTS = {
  host: '127.0.0.1',
  port: 8765,
  hmacWindowSec: 300,
  maxBodyBytes: 4 * 1024 * 1024,
  maxJsonDepth: 64,
  requestTimeoutMs: 30_000,
  toolTimeoutMs: 60_000,
  taskLeaseMs: 15_000,
  sessionIdleMs: 30 * 60_000,
  maxSessions: 10_000,
  maxStreamsPerSession: 16,
  maxConnections: 16_384,
  maxConcurrentCalls: 1000,
  cacheMaxEntries: 10_000,
  shutdownGraceMs: 10_000,
} as const;

const MAX_MS = 24 * 3_600_000;
const MAX_COUNT = 100_000_000;

interface Found {
  readonly value: Raw;
  /** `MCP_X` or `mcp.yaml settings.x`: what errors name. */
  readonly where: string;
  readonly secret: boolean;
}

class Reader {
  constructor(
    private readonly env: Env,
    private readonly defaults: SettingsDefaults,
  ) {}

  find(key: string): Found | undefined {
    const spec = SETTING_VARIABLES[key]!;
    for (const name of [spec.env, ...(spec.aliases ?? [])]) {
      const v = this.env[name];
      if (v !== undefined && v.trim() !== '') return { value: v, where: name, secret: spec.secret === true };
    }
    const d = this.defaults[key];
    if (d === undefined) return undefined;
    return { value: d, where: `mcp.yaml settings.${key}`, secret: false };
  }

  fail(f: Found, expected: string): never {
    const shown = f.secret ? '(value hidden)' : JSON.stringify(typeof f.value === 'string' ? f.value : f.value);
    throw new SettingsError(`invalid ${f.where} ${shown}: expected ${expected}`, f.where);
  }

  text(key: string): string | undefined {
    const f = this.find(key);
    if (f === undefined) return undefined;
    if (typeof f.value !== 'string') this.fail(f, 'a string');
    return f.value.trim();
  }

  oneOf<T extends string>(key: string, values: readonly T[], fallback: T): T {
    const f = this.find(key);
    if (f === undefined) return fallback;
    const v = typeof f.value === 'string' ? f.value.trim().toLowerCase() : undefined;
    if (v === undefined || !values.includes(v as T)) this.fail(f, values.join('|'));
    return v as T;
  }

  int(key: Exclude<keyof typeof SETTING_DEFAULTS, 'host'>, min: number, max: number, unit = ''): number {
    const f = this.find(key);
    if (f === undefined) return SETTING_DEFAULTS[key];
    const n = typeof f.value === 'number' ? (Number.isInteger(f.value) && f.value >= min && f.value <= max ? f.value : undefined) : typeof f.value === 'string' ? parseIntIn(f.value, min, max) : undefined;
    if (n === undefined) this.fail(f, `an integer from ${min} to ${max}${unit}`);
    return n;
  }

  bool(key: string, fallback: boolean): boolean {
    const f = this.find(key);
    if (f === undefined) return fallback;
    const b = typeof f.value === 'boolean' ? f.value : typeof f.value === 'string' ? parseBool(f.value) : undefined;
    if (b === undefined) this.fail(f, 'true|false');
    return b;
  }

  list(key: string): string[] {
    const f = this.find(key);
    if (f === undefined) return [];
    if (typeof f.value === 'string') return parseList(f.value);
    if (Array.isArray(f.value) && f.value.every((x) => typeof x === 'string')) return (f.value as string[]).map((s) => s.trim()).filter((s) => s.length > 0);
    return this.fail(f, 'a comma-separated list');
  }

  rate(key: string): RateLimitSpec | undefined {
    const f = this.find(key);
    if (f === undefined) return undefined;
    const spec = typeof f.value === 'string' ? parseRateLimit(f.value) : undefined;
    if (spec === undefined) this.fail(f, '<N>/<s|m|h|d> (e.g. 100/m)');
    return spec;
  }

  /** MCP_TRUST_PROXY: a string, or from mcp.yaml also a number, `false` or a list. */
  trustProxy(key: string): TrustProxy | undefined {
    const f = this.find(key);
    if (f === undefined) return undefined;
    const v = f.value;
    const text = typeof v === 'string' ? v : typeof v === 'number' && Number.isInteger(v) ? String(v) : typeof v === 'boolean' ? String(v) : Array.isArray(v) && v.every((x) => typeof x === 'string') ? v.join(',') : undefined;
    if (text === undefined) this.fail(f, 'false, a hop count or comma-separated proxy IPs/CIDRs');
    const out = parseTrustProxy(text);
    if (out === null) return undefined;
    if ('error' in out) this.fail({ ...f, value: out.item }, out.error);
    return out;
  }

  roleMap(key: string, form: string): Map<string, string[]> {
    const f = this.find(key);
    if (f === undefined) return new Map();
    const m = typeof f.value === 'string' ? parseRoleMap(f.value) : undefined;
    if (m === undefined) this.fail(f, form);
    return m;
  }

  url(key: string, loopbackHttpOnly: boolean): string | undefined {
    const f = this.find(key);
    if (f === undefined) return undefined;
    const u = typeof f.value === 'string' ? parseHttpUrl(f.value) : undefined;
    if (u === undefined) this.fail(f, 'an absolute http(s) URL');
    if (loopbackHttpOnly && u.protocol === 'http:' && !isLoopbackName(u.hostname)) this.fail(f, 'an https:// URL (http:// only for localhost)');
    return u.href;
  }
}

function isLoopbackName(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h === '[::1]' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || h.endsWith('.localhost');
}

function checkDefaultsKeys(defaults: SettingsDefaults): void {
  for (const key of Object.keys(defaults)) {
    const spec = SETTING_VARIABLES[key];
    if (spec === undefined) {
      throw new SettingsError(`unknown mcp.yaml settings.${key}: expected one of ${Object.keys(SETTING_VARIABLES).filter((k) => SETTING_VARIABLES[k]!.secret !== true).join(', ')}`, `mcp.yaml settings.${key}`);
    }
    if (spec.secret === true) {
      throw new SettingsError(`mcp.yaml settings.${key} is a secret: set ${spec.env} in the environment instead`, `mcp.yaml settings.${key}`);
    }
  }
  const redis = defaults['redisUrl'];
  if (typeof redis === 'string' && /^[a-z][a-z0-9+.-]*:\/\/[^/@]*@/i.test(redis)) {
    throw new SettingsError('mcp.yaml settings.redisUrl holds credentials: set MCP_REDIS_URL in the environment instead', 'mcp.yaml settings.redisUrl');
  }
}

/**
 * Loads and validates all settings. The environment wins over `defaults` (mcp.yaml `settings:`).
 *
 * @throws {SettingsError} on the first invalid or inconsistent value.
 * @example
 * try {
 *   const settings = loadSettings(process.env, registry.settings);
 * } catch (err) {
 *   if (err instanceof SettingsError) { console.error(err.message); process.exit(1); }
 *   throw err;
 * }
 */
export function loadSettings(env: Env = process.env, defaults: SettingsDefaults = {}): Settings {
  checkDefaultsKeys(defaults);
  const r = new Reader(env, defaults);

  const host = r.text('host') ?? SETTING_DEFAULTS.host;
  if (!/^[A-Za-z0-9.:\-[\]%]+$/.test(host)) r.fail(r.find('host')!, 'a host name or IP address');
  const port = r.int('port', 0, 65535);
  const authMode = r.oneOf<AuthMode>('authMode', ['none', 'apikey', 'hmac', 'oauth'], 'none');
  const apiKeys = r.list('apiKeys');
  const apiKeysMap = r.roleMap('apiKeysMap', 'key:role|role;key:role');
  const hmacSecret = r.text('hmacSecret');
  const stateSecret = r.text('stateSecret');
  const hmacWindowSec = r.int('hmacWindowSec', 1, 86_400, ' seconds');
  const hmacAllowBodyOnly = r.bool('hmacAllowBodyOnly', false);
  const defaultRoles = loadDefaultRoles(env, r);
  const rateLimit = r.rate('rateLimit');
  const authFailLimit = r.rate('authFailLimit');
  const rateScope = r.oneOf('rateScope', ['ip', 'key'] as const, 'ip');
  const rateLimitFailMode = r.oneOf('rateLimitFailMode', ['open', 'closed'] as const, 'open');
  const trustProxy = r.trustProxy('trustProxy');
  const allowedOrigins = r.list('allowedOrigins');
  for (const o of allowedOrigins) {
    if (o !== '*' && parseHttpUrl(o) === undefined) r.fail({ ...r.find('allowedOrigins')!, value: o }, 'comma-separated origins like https://app.example.com (or *)');
  }
  const allowedHosts = r.list('allowedHosts');
  const corsOrigin = r.text('corsOrigin');
  if (corsOrigin !== undefined) {
    for (const o of parseList(corsOrigin)) {
      if (o !== '*' && parseHttpUrl(o) === undefined) r.fail({ ...r.find('corsOrigin')!, value: o }, '* or comma-separated origins like https://app.example.com');
    }
  }
  const logFormat = r.oneOf('logFormat', ['json', 'pretty'] as const, 'json');
  const logLevel = r.oneOf('logLevel', ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const, 'info');
  const providers = r.list('providers');
  const redisUrl = r.text('redisUrl');
  if (redisUrl !== undefined && !/^rediss?:\/\/\S+$/.test(redisUrl)) {
    const f = r.find('redisUrl')!;
    r.fail({ ...f, secret: true }, 'a redis:// or rediss:// URL');
  }

  const settingsBase = {
    host,
    port,
    authMode,
    apiKeys,
    apiKeysMap: apiKeysMap as ReadonlyMap<string, readonly string[]>,
    hmacSecret,
    stateSecret,
    hmacWindowSec,
    hmacAllowBodyOnly,
    defaultRoles,
    rateLimit,
    authFailLimit,
    rateScope,
    rateLimitFailMode,
    trustProxy,
    allowedOrigins,
    allowedHosts,
    corsOrigin,
    logFormat,
    logLevel,
    providers,
    redisUrl,
    maxBodyBytes: r.int('maxBodyBytes', 1, 1024 * 1024 * 1024, ' bytes'),
    maxJsonDepth: r.int('maxJsonDepth', 1, 10_000),
    requestTimeoutMs: r.int('requestTimeoutMs', 0, MAX_MS, ' ms (0 = none)'),
    toolTimeoutMs: r.int('toolTimeoutMs', 0, MAX_MS, ' ms (0 = none)'),
    taskLeaseMs: r.int('taskLeaseMs', 1000, 3_600_000, ' ms'),
    sessionIdleMs: r.int('sessionIdleMs', 1000, 7 * MAX_MS, ' ms'),
    maxSessions: r.int('maxSessions', 1, MAX_COUNT),
    maxStreamsPerSession: r.int('maxStreamsPerSession', 1, 10_000),
    maxConnections: r.int('maxConnections', 0, 10_000_000, ' (0 = no cap)'),
    maxConcurrentCalls: r.int('maxConcurrentCalls', 0, MAX_COUNT, ' (0 = no cap)'),
    cacheMaxEntries: r.int('cacheMaxEntries', 0, MAX_COUNT, ' (0 = cache off)'),
    shutdownGraceMs: r.int('shutdownGraceMs', 0, 10 * 60_000, ' ms'),
    docs: r.bool('docs', true),
    docsPublic: r.bool('docsPublic', false),
    metrics: r.bool('metrics', true),
  };

  const oauth = loadOAuth(r, authMode);

  if (authMode === 'apikey' && apiKeys.length === 0 && apiKeysMap.size === 0) {
    throw new SettingsError('MCP_AUTH_MODE=apikey needs keys: set MCP_API_KEYS (k1,k2) or MCP_API_KEYS_MAP (k1:admin|user;k2:user)', 'MCP_API_KEYS');
  }
  if (authMode === 'hmac' && (hmacSecret === undefined || hmacSecret.length === 0)) {
    throw new SettingsError('MCP_AUTH_MODE=hmac needs MCP_HMAC_SECRET', 'MCP_HMAC_SECRET');
  }
  return Object.freeze({ ...settingsBase, oauth });
}

/** Roles of anonymous callers when nothing sets them (the reference's examples call `user` tools without credentials). */
export const DEFAULT_ROLES: readonly string[] = ['user'];

/**
 * MCP_DEFAULT_ROLES, defaulting to {@link DEFAULT_ROLES}. Set but empty (`MCP_DEFAULT_ROLES=`) or
 * `defaultRoles: []` in mcp.yaml means no roles at all: anonymous callers then see only unrestricted elements.
 */
function loadDefaultRoles(env: Env, r: Reader): string[] {
  const raw = env[SETTING_VARIABLES['defaultRoles']!.env];
  if (raw !== undefined && raw.trim() === '') return [];
  return r.find('defaultRoles') === undefined ? [...DEFAULT_ROLES] : r.list('defaultRoles');
}

function loadOAuth(r: Reader, authMode: AuthMode): OAuthSettings | undefined {
  const issuer = r.text('oauthIssuer');
  const audience = r.text('oauthAudience');
  const jwksUrl = r.url('oauthJwksUrl', true);
  if (authMode !== 'oauth') return undefined;
  const missing = [
    issuer === undefined ? 'MCP_OAUTH_ISSUER' : undefined,
    audience === undefined ? 'MCP_OAUTH_AUDIENCE' : undefined,
    jwksUrl === undefined ? 'MCP_OAUTH_JWKS_URL' : undefined,
  ].filter((x): x is string => x !== undefined);
  if (missing.length > 0) {
    throw new SettingsError(`MCP_AUTH_MODE=oauth needs MCP_OAUTH_ISSUER, MCP_OAUTH_AUDIENCE and MCP_OAUTH_JWKS_URL (missing: ${missing.join(', ')})`, missing[0]!);
  }
  let resourceUrl = r.url('oauthResourceUrl', false);
  if (resourceUrl === undefined) {
    if (parseHttpUrl(audience!) === undefined) {
      throw new SettingsError(`MCP_AUTH_MODE=oauth needs MCP_OAUTH_RESOURCE_URL (this server's public URL) when MCP_OAUTH_AUDIENCE "${audience!}" is not a URL`, 'MCP_OAUTH_RESOURCE_URL');
    }
    resourceUrl = audience!;
  }
  const servers = r.list('oauthAuthorizationServers');
  for (const s of servers) if (parseHttpUrl(s) === undefined) r.fail({ ...r.find('oauthAuthorizationServers')!, value: s }, 'comma-separated http(s) URLs');
  return {
    issuer: issuer!,
    audience: audience!,
    jwksUrl: jwksUrl!,
    resourceUrl,
    authorizationServers: servers.length > 0 ? servers : [issuer!],
    scopeRoles: r.roleMap('oauthScopeRoles', 'scope:role|role;scope:role'),
    requiredScopes: r.list('oauthRequiredScopes'),
  };
}

/**
 * Settings with secrets masked, for a start-up log line.
 *
 * @example
 * logger.info({ settings: describeSettings(settings) }, 'starting');
 */
export function describeSettings(s: Settings): Record<string, unknown> {
  return {
    ...s,
    apiKeys: s.apiKeys.length > 0 ? `[${s.apiKeys.length} keys]` : [],
    apiKeysMap: s.apiKeysMap.size > 0 ? `[${s.apiKeysMap.size} keys]` : {},
    hmacSecret: s.hmacSecret === undefined ? undefined : '[set]',
    stateSecret: s.stateSecret === undefined ? undefined : '[set]',
    redisUrl: s.redisUrl === undefined ? undefined : s.redisUrl.replace(/\/\/[^/@]*@/, '//[credentials]@'),
    rateLimit: s.rateLimit?.spec,
    authFailLimit: s.authFailLimit?.spec,
    trustProxy: s.trustProxy?.spec,
    oauth: s.oauth === undefined ? undefined : { ...s.oauth, scopeRoles: Object.fromEntries(s.oauth.scopeRoles) },
  };
}
