// @sentry/browser in headless Chromium, from a page on its own loopback origin, reports the common scenario
// to the DSN given as the first argument: the SDK's requests are cross-origin, so CORS is exercised as in production.
// Prints the SDK's event ids, the status of every envelope it sent, a preflighted request's answer and
// whatever the browser complained about, as JSON.
const esbuild = require('esbuild');
const { launch, openPage } = require('../lib/chromium.cjs');
const { serve } = require('../lib/static-server.cjs');
const { reportScenario } = require('../lib/sentry-scenario.cjs');

const dsn = process.argv[2];

const sdk = esbuild.buildSync({
  stdin: { contents: 'export * from "@sentry/browser";', resolveDir: __dirname },
  nodePaths: (process.env.NODE_PATH || '').split(':').filter(Boolean),
  bundle: true,
  format: 'iife',
  globalName: 'Sentry',
  minify: true,
  write: false,
  logLevel: 'error',
}).outputFiles[0].text;

// The page's own code: the common scenario, then a request that only a preflight lets through.
const app = `${reportScenario.toString()}
window.report = async function (dsn) {
  const result = await reportScenario(Sentry, Sentry.makeFetchTransport,
    { dsn, release: 'web@3.1.0', environment: 'production' },
    { id: 'u-9', email: 'grace@example.com' });
  // Sentry's auth header makes a request that the browser must clear with a preflight first.
  const url = new URL(dsn);
  const answer = await fetch(url.origin + '/api' + url.pathname + '/envelope/', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-sentry-envelope', 'X-Sentry-Auth': 'Sentry sentry_key=' + url.username + ', sentry_version=7' },
    body: '{}\\n{"type":"session"}\\n{"sid":"preflighted"}\\n',
  });
  return { ...result, preflighted: { status: answer.status, body: await answer.text() } };
};`;

(async () => {
  const site = await serve({
    '/checkout': { type: 'text/html', body: '<!doctype html><title>shop</title><script src="/sentry.js"></script><script src="/app.js"></script>' },
    '/sentry.js': { type: 'text/javascript', body: sdk },
    '/app.js': { type: 'text/javascript', body: app },
    '/favicon.ico': { type: 'image/x-icon', body: '' },
  });
  const browser = await launch();
  try {
    const { page, complaints } = await openPage(browser, site.origin + '/checkout?step=pay');
    const result = await page.evaluate(target => window.report(target), dsn);
    console.log(JSON.stringify({ ...result, origin: site.origin, pageUrl: page.url(), userAgent: await page.evaluate(() => navigator.userAgent), complaints }));
  } finally {
    await browser.close();
    await site.close();
  }
})().catch(error => { console.error(error); process.exit(1); });
