/**
 * Swagger UI in a real browser: the notes example app serves /swagger from the locally installed
 * swagger-ui-dist; headless Chromium opens it, sees one operation per tool, runs `POST /tools/issues.create`
 * with "Try it out" -> "Execute", and sees the created issue in the response panel. Every request the
 * page makes goes to the app itself (no CDN). A screenshot is kept under .artifacts/ as a test artifact.
 * In apikey mode the declared security scheme drives Swagger's Authorize dialog: 401 before, 200 after.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Browser } from './chromium.js';
import { startNotesApp, type RunningApp } from './notes-app.js';

const root = path.resolve(import.meta.dirname, '../..');
const artifacts = path.join(root, '.artifacts');

describe('Swagger UI (headless Chromium)', () => {
  let app: RunningApp;
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'notes-swagger-'));
    app = await startNotesApp(path.join(dataDir, 'notes.db'));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists every tool and runs one with Try it out -> Execute', async () => {
    const page = await browser.context.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    const response = await page.goto(`${app.url}/swagger`, { waitUntil: 'load', timeout: 30_000 });
    expect(response?.status()).toBe(200);
    await page.locator('.opblock').first().waitFor({ state: 'visible', timeout: 30_000 });

    // One operation per tool the (anonymous, default role user) caller may see; admin-only ones are absent.
    const paths = (await page.locator('.opblock-summary-path').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-path') ?? n.textContent ?? ''))).map((p) => p.replace(/\u200b/g, ''));
    const toolPaths = app.toolNamesFor(['user']).map((name) => `/tools/${name}`);
    expect(toolPaths.length).toBeGreaterThan(0);
    for (const toolPath of toolPaths) expect(paths).toContain(toolPath);
    expect(paths).not.toContain('/tools/issues.delete');

    // Expand the create operation, Try it out, fill the body, Execute.
    const operation = page.locator('.opblock').filter({ has: page.locator(`.opblock-summary-path[data-path="/tools/issues.create"]`) });
    await operation.locator('.opblock-summary').click();
    await operation.locator('button.try-out__btn').click();
    const body = operation.locator('textarea.body-param__text');
    await body.fill(JSON.stringify({ title: 'Swagger says hello', body: 'Filed from the browser test.', priority: 'high', labels: ['docs'] }));
    await operation.locator('button.execute').click();

    const live = operation.locator('.live-responses-table');
    await live.waitFor({ state: 'visible', timeout: 30_000 });
    const status = live.locator('.response .response-col_status').first();
    await expect.poll(async () => (await status.textContent())?.trim(), { timeout: 15_000 }).toBe('200');
    const shown = (await live.locator('.response-col_description pre').first().textContent()) ?? '';
    const result = JSON.parse(shown) as { issue: { id: number; title: string; priority: string; status: string } };
    expect(result.issue).toMatchObject({ title: 'Swagger says hello', priority: 'high', status: 'open' });
    expect(result.issue.id).toBeGreaterThan(0);

    mkdirSync(artifacts, { recursive: true });
    await live.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(artifacts, 'swagger-notes.png'), fullPage: false });

    // The issue really exists: read it back through the REST route of its resource template.
    const check = await fetch(`${app.url}/resource-templates/issue?id=${result.issue.id}`);
    expect(check.status).toBe(200);
    expect(JSON.stringify(await check.json())).toContain('Swagger says hello');

    expect(pageErrors).toEqual([]);
    const foreign = requested.filter((url) => !url.startsWith(app.url) && !url.startsWith('data:'));
    expect(foreign, 'Swagger UI must load nothing from outside the app (no CDN)').toEqual([]);
    await page.close();
  });

  it('in apikey mode with MCP_DOCS_PUBLIC=true: Execute without a key shows 401, Authorize with a key then gets 200', async () => {
    const saved = { mode: process.env['MCP_AUTH_MODE'], keys: process.env['MCP_API_KEYS_MAP'], docs: process.env['MCP_DOCS_PUBLIC'] };
    // Docs need credentials under auth unless opened: a browser cannot send a key when it opens a page.
    const secured = await startNotesApp(path.join(dataDir, 'notes.db'), { MCP_AUTH_MODE: 'apikey', MCP_API_KEYS_MAP: 'swagger-key:user', MCP_DOCS_PUBLIC: 'true' });
    try {
      const page = await browser.context.newPage();
      const opened = await page.goto(`${secured.url}/swagger`, { waitUntil: 'load', timeout: 30_000 });
      expect(opened?.status()).toBe(200);
      const operation = page.locator('.opblock').filter({ has: page.locator('.opblock-summary-path[data-path="/tools/issues.search"]') });
      await operation.locator('.opblock-summary').click();
      await operation.locator('button.try-out__btn').click();
      await operation.locator('textarea.body-param__text').fill('{"query":"swagger"}');
      const status = operation.locator('.live-responses-table .response .response-col_status').first();

      await operation.locator('button.execute').click();
      await expect.poll(async () => (await status.textContent().catch(() => ''))?.trim(), { timeout: 15_000 }).toBe('401');

      await page.locator('.auth-wrapper button.authorize').click();
      const scheme = page.locator('.modal-ux .auth-container').filter({ hasText: 'X-API-Key' }).first();
      await scheme.locator('input').first().fill('swagger-key');
      await scheme.locator('button.authorize').click();
      await page.locator('.modal-ux button.close-modal').click();

      await operation.locator('button.execute').click();
      await expect.poll(async () => (await status.textContent())?.trim(), { timeout: 15_000 }).toBe('200');
      const shown = (await operation.locator('.live-responses-table .response-col_description pre').first().textContent()) ?? '';
      expect((JSON.parse(shown) as { total: number }).total).toBeGreaterThanOrEqual(1);
      await page.close();
    } finally {
      await secured.close();
      for (const [key, value] of [['MCP_AUTH_MODE', saved.mode], ['MCP_API_KEYS_MAP', saved.keys], ['MCP_DOCS_PUBLIC', saved.docs]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});
