/**
 * The Swagger UI page and its initializer script. Assets come from the locally installed
 * `swagger-ui-dist` (never a CDN); the page has no inline script, so a strict CSP applies.
 */

/** Files of swagger-ui-dist the page may load; nothing else of the package is served. */
export const SWAGGER_ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'index.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
  'oauth2-redirect.html': 'text/html; charset=utf-8',
  'oauth2-redirect.js': 'text/javascript; charset=utf-8',
};

/** Content-Security-Policy of the page: own scripts only; Swagger UI needs inline styles and data: images. */
export const SWAGGER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** The HTML page; `base` is the mount path (`''` at the root). */
export function swaggerHtml(base: string, title: string): string {
  const assets = escapeHtml(`${base}/swagger`);
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>${escapeHtml(title)} - Swagger UI</title>
    <link rel="stylesheet" type="text/css" href="${assets}/swagger-ui.css">
    <link rel="stylesheet" type="text/css" href="${assets}/index.css">
    <link rel="icon" type="image/png" href="${assets}/favicon-32x32.png" sizes="32x32">
    <link rel="icon" type="image/png" href="${assets}/favicon-16x16.png" sizes="16x16">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${assets}/swagger-ui-bundle.js" charset="UTF-8"></script>
    <script src="${assets}/swagger-initializer.js" charset="UTF-8"></script>
  </body>
</html>
`;
}

/** The initializer script: loads `/docs.json` of the same mount. */
export function swaggerInitializer(base: string): string {
  const config = {
    url: `${base}/docs.json`,
    dom_id: '#swagger-ui',
    deepLinking: true,
    displayOperationId: true,
    defaultModelsExpandDepth: 0,
    oauth2RedirectUrl: `${base}/swagger/oauth2-redirect.html`,
  };
  // JSON.stringify output is a valid JS literal; `<` is escaped so the text can never close a tag.
  const literal = JSON.stringify(config).replace(/</g, '\\u003c');
  return `window.onload = function () {
  var config = ${literal};
  config.presets = [SwaggerUIBundle.presets.apis];
  config.layout = 'BaseLayout';
  window.ui = SwaggerUIBundle(config);
};
`;
}
