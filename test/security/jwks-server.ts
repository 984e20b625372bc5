/** A real JWKS endpoint on 127.0.0.1 with keys made by jose, and a token minter. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type JWTPayload, type CryptoKey } from 'jose';

export interface Issuer {
  readonly issuer: string;
  readonly jwksUrl: string;
  /** JWKS fetches served so far. */
  readonly fetches: () => number;
  mint(claims: JWTPayload & { scope?: string }, options?: { expiresIn?: string | number; notBefore?: string | number; key?: 'main' | 'rogue'; kid?: string; issuer?: string; audience?: string | string[]; alg?: string }): Promise<string>;
  close(): Promise<void>;
}

export async function startIssuer(audience: string): Promise<Issuer> {
  const main = await generateKeyPair('ES256', { extractable: true });
  const rogue = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(main.publicKey)), kid: 'main-1', alg: 'ES256', use: 'sig' };
  let fetches = 0;
  const server = createServer((req, res) => {
    if (req.url === '/jwks') {
      fetches++;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;
  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    fetches: () => fetches,
    async mint(claims, o = {}) {
      const key: CryptoKey = o.key === 'rogue' ? rogue.privateKey : main.privateKey;
      let jwt = new SignJWT(claims)
        .setProtectedHeader({ alg: o.alg ?? 'ES256', kid: o.kid ?? 'main-1' })
        .setIssuedAt()
        .setIssuer(o.issuer ?? issuer)
        .setAudience(o.audience ?? audience)
        .setExpirationTime(o.expiresIn ?? '5m');
      if (o.notBefore !== undefined) jwt = jwt.setNotBefore(o.notBefore);
      return jwt.sign(key);
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
