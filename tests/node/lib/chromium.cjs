// Headless Chromium for browser tests: Debian's chromium package (or FAULTLINE_CHROMIUM), driven by
// playwright-core, which downloads no browser of its own.
const { chromium } = require('playwright-core');

const executablePath = process.env.FAULTLINE_CHROMIUM || '/usr/bin/chromium';

async function launch() {
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** A page that records what the browser itself complains about (CORS refusals, script errors). */
async function openPage(browser, url) {
  const page = await browser.newPage();
  const complaints = [];
  page.on('console', message => { if (message.type() === 'error') complaints.push(message.text()); });
  page.on('pageerror', error => complaints.push(String(error)));
  page.on('requestfailed', request => complaints.push(`${request.method()} ${request.url()} failed: ${request.failure()?.errorText}`));
  await page.goto(url);
  return { page, complaints };
}

module.exports = { launch, openPage };
