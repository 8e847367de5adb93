// The operator console in headless Chromium, against a running Faultline with generated data. The only argument is
// JSON: {origin, adminToken, email, password, appId, appName, searchText, expectedMatches, frame, groupTitle,
// screenshots}. Every step checks what an operator would see; the first failure stops the run with a message.
// Prints a JSON report: the steps done, the screenshots saved, accessibility findings and browser complaints.
const fs = require('fs');
const path = require('path');
const { launch } = require('../lib/chromium.cjs');

const input = JSON.parse(process.argv[2]);
const report = { steps: [], screenshots: [], complaints: [], labels: [], contrast: [], checks: {} };

function check(condition, message) {
  if (!condition) throw new Error(`console check failed: ${message}`);
}

async function shot(page, name) {
  const file = path.join(input.screenshots, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  report.screenshots.push(file);
}

/** Inputs without a label (a <label>, aria-label or aria-labelledby) on the current page. */
async function unlabelled(page) {
  return page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
    .filter(element => element.type !== 'hidden' && element.labels.length === 0 && !element.getAttribute('aria-label') && !element.getAttribute('aria-labelledby'))
    .map(element => element.outerHTML.slice(0, 120)));
}

/** Text whose contrast with its background is under 4.5:1 (WCAG AA for normal text). */
async function lowContrast(page) {
  return page.evaluate(() => {
    const parse = value => (value.match(/[\d.]+/g) || []).map(Number);
    const luminance = ([r, g, b]) => {
      const channel = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const background = element => {
      for (let node = element; node; node = node.parentElement) {
        const color = parse(getComputedStyle(node).backgroundColor);
        if (color.length === 3 || (color.length === 4 && color[3] > 0.9)) return color.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const findings = [];
    const walker = document.createTreeWalker(document.querySelector('main') || document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    while (walker.nextNode()) {
      const element = walker.currentNode.parentElement;
      if (!element || seen.has(element) || !walker.currentNode.textContent.trim()) continue;
      seen.add(element);
      const style = getComputedStyle(element);
      if (style.visibility === 'hidden' || style.display === 'none' || element.closest('.u-legend, button:disabled')) continue;
      let opacity = 1;
      for (let node = element; node; node = node.parentElement) opacity *= Number(getComputedStyle(node).opacity);
      if (opacity < 1) continue;
      const fg = luminance(parse(style.color).slice(0, 3));
      const bg = luminance(background(element));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      if (ratio < 4.5) findings.push(`${element.tagName.toLowerCase()} "${element.textContent.trim().slice(0, 40)}": ${ratio.toFixed(2)}`);
    }
    return findings;
  });
}

async function audit(page, name) {
  const missing = await unlabelled(page);
  const low = await lowContrast(page);
  report.labels.push(...missing.map(entry => `${name}: ${entry}`));
  report.contrast.push(...low.map(entry => `${name}: ${entry}`));
}

/** Pixels drawn on the canvas of a chart (uPlot draws the series on one canvas). */
async function drawnPixels(page, selector) {
  await page.waitForSelector(`${selector} canvas`, { timeout: 15000 });
  return page.$eval(`${selector} canvas`, canvas => {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let drawn = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) drawn++;
    return { drawn, width: canvas.width, height: canvas.height };
  });
}

async function step(name, action) {
  await action();
  report.steps.push(name);
}

(async () => {
  fs.mkdirSync(input.screenshots, { recursive: true });
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // Answers of 4xx that the page expects and shows (no session yet, a wrong password, the forged change) are
    // logged by Chromium too; they are counted apart from what matters here: CSP refusals and script errors.
    report.httpErrors = [];
    page.on('console', message => {
      if (message.type() !== 'error') return;
      (message.text().startsWith('Failed to load resource: the server responded with a status of 4') ? report.httpErrors : report.complaints).push(message.text());
    });
    page.on('pageerror', error => report.complaints.push(String(error)));
    page.on('dialog', dialog => dialog.accept());
    const apiCalls = [];
    page.on('request', request => apiCalls.push(request.url()));
    const consoleUrl = `${input.origin}/console`;
    const app = `${consoleUrl}/apps/${input.appId}`;

    await step('the console sends a visitor without a session to sign in', async () => {
      await page.goto(`${consoleUrl}/apps`);
      await page.waitForSelector('#password-form');
      check(page.url().endsWith('/console/sign-in'), `expected the sign-in page, got ${page.url()}`);
      const response = await page.request.get(`${consoleUrl}/assets/console.js`);
      const csp = (await page.request.get(consoleUrl)).headers()['content-security-policy'] || '';
      report.checks.csp = csp;
      check(response.ok() && csp.includes("script-src 'self'") && !csp.includes('unsafe-inline'), `the console's CSP: ${csp}`);
      await audit(page, 'sign-in');
      await shot(page, '01-sign-in');
    });

    await step('keyboard focus is visible', async () => {
      await page.focus('#email');
      const outline = await page.$eval('#email', element => { const style = getComputedStyle(element); return `${style.outlineStyle} ${style.outlineWidth}`; });
      report.checks.focusOutline = outline;
      check(!outline.startsWith('none') && outline !== 'auto 0px', `focused input outline: ${outline}`);
    });

    await step('a wrong password shows the API\'s message', async () => {
      await page.fill('#email', input.email);
      await page.fill('#password', 'not the password at all');
      await page.click('#password-form button[type=submit]');
      const error = await page.waitForSelector('.error[role=alert]');
      const text = await error.textContent();
      report.checks.wrongPassword = text;
      check(text.includes('Incorrect email or password'), `wrong-password message: ${text}`);
      await shot(page, '02-sign-in-wrong-password');
    });

    await step('signing in with the password opens the apps with their charts', async () => {
      await page.fill('#password', input.password);
      await page.click('#password-form button[type=submit]');
      await page.waitForSelector(`.app-card[data-app="${input.appId}"] [data-chart=spark] canvas`);
      const cookies = await context.cookies();
      const session = cookies.find(cookie => cookie.name === 'faultline_console');
      check(session && session.httpOnly && session.sameSite === 'Strict', `session cookie: ${JSON.stringify(session)}`);
      const storage = await page.evaluate(() => localStorage.length + sessionStorage.length + document.cookie.length);
      check(storage === 0, 'nothing in localStorage, sessionStorage or script-readable cookies');
      check(!apiCalls.some(url => url.includes(session.value.slice(2, 20))), 'the session token never appears in a URL');
      await page.waitForFunction(id => !document.querySelector(`.app-card[data-app="${id}"] p.muted`).textContent.includes('Loading'), input.appId);
      report.checks.appCard = await page.textContent(`.app-card[data-app="${input.appId}"]`);
      await audit(page, 'apps');
      await shot(page, '03-apps');
    });

    await step('a change made with the cookie but without the anti-forgery token is refused', async () => {
      const answer = await page.evaluate(async url => {
        const response = await fetch(url, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: '{"description":"forged"}' });
        return { status: response.status, body: await response.json() };
      }, `${input.origin}/api/v1/apps/${input.appId}`);
      report.checks.forged = answer;
      check(answer.status === 403 && answer.body.error.code === 'CSRF_TOKEN_INVALID', `forged change: ${JSON.stringify(answer)}`);
    });

    await step('the overview draws the events stacked by level', async () => {
      await page.click(`.app-card[data-app="${input.appId}"] h2 a`);
      const pixels = await drawnPixels(page, '#overview-chart');
      report.checks.overviewPixels = pixels;
      check(pixels.drawn > 500, `overview chart drawn pixels: ${JSON.stringify(pixels)}`);
      await page.waitForSelector('text=Top messages');
      await page.waitForFunction(() => document.querySelectorAll('main .loading').length === 0);
      const legend = await page.textContent('#overview-chart .u-legend');
      check(legend.includes('ERROR') && legend.includes('INFO'), `legend: ${legend}`);
      await audit(page, 'overview');
      await shot(page, '04-overview');
      await page.selectOption('#window', '168');
      await page.waitForURL(/window=168/);
      await drawnPixels(page, '#overview-chart');
    });

    await step('events can be filtered by level and searched', async () => {
      await page.goto(`${app}/events`);
      await page.waitForSelector('#events-table');
      const firstPage = await page.$$eval('#events-table tbody tr a', links => links.map(a => a.getAttribute('href')));
      check(firstPage.length === 50 && input.totalEvents > 50, `a first page of 50 of ${input.totalEvents} events, saw ${firstPage.length}`);
      await page.click('text=Older →');
      await page.waitForURL(/offset=50/);
      await page.waitForSelector('#events-table');
      const secondPage = await page.$$eval('#events-table tbody tr a', links => links.map(a => a.getAttribute('href')));
      check(secondPage.length === Math.min(50, input.totalEvents - 50) && !secondPage.some(href => firstPage.includes(href)), 'the next page holds the next, older events');
      const ids = [...firstPage, ...secondPage].map(href => Number(href.split('/').pop()));
      check(ids.every((id, i) => i === 0 || id < ids[i - 1]), 'newest first');
      await page.selectOption('#filter-level', 'ERROR');
      await page.fill('#filter-q', input.searchText);
      await page.click('#event-filters button[type=submit]');
      await page.waitForURL(/level=ERROR/);
      await page.waitForSelector('#events-table');
      const rows = await page.$$eval('#events-table tbody tr', trs => trs.map(tr => tr.textContent));
      report.checks.eventRows = rows.length;
      check(rows.length === input.expectedMatches, `expected ${input.expectedMatches} events, saw ${rows.length}`);
      check(rows.every(row => row.includes('ERROR') && row.toLowerCase().includes(input.searchText.toLowerCase())), 'every row matches the filter');
      await audit(page, 'events');
      await shot(page, '05-events');
    });

    await step('an event shows its in-app frames first, with file and line, and its tags', async () => {
      await page.click('#events-table tbody tr a');
      await page.waitForSelector('#event-stack');
      const first = await page.textContent('#frames-in-app li');
      report.checks.firstFrame = first;
      check(first.includes(input.frame), `first in-app frame: ${first}`);
      check((await page.textContent('#event-tags')).includes('region'), 'tags shown');
      check((await page.textContent('#event-user')).includes('u-'), 'user shown');
      await audit(page, 'event');
      await shot(page, '06-event');
    });

    await step('events can be filtered by when they occurred', async () => {
      await page.goto(`${app}/events`);
      await page.waitForSelector('#events-table');
      // datetime-local takes the browser's local time, as an operator types it.
      const local = iso => page.evaluate(value => { const d = new Date(value); return new Date(d.getTime() - d.getTimezoneOffset() * 60e3).toISOString().slice(0, 16); }, iso);
      await page.fill('#filter-occurred_from', await local(input.occurredFrom));
      await page.fill('#filter-occurred_to', await local(input.occurredTo));
      await page.click('#event-filters button[type=submit]');
      await page.waitForURL(/occurred_from=/);
      await page.waitForSelector('#events-table');
      const url = new URL(page.url());
      check(new Date(url.searchParams.get('occurred_from')).getTime() === new Date(input.occurredFrom).getTime()
        && new Date(url.searchParams.get('occurred_to')).getTime() === new Date(input.occurredTo).getTime(), `occurred window in the URL: ${page.url()}`);
      const rows = await page.$$eval('#events-table tbody tr', trs => trs.length);
      report.checks.occurredRows = rows;
      check(rows === input.expectedOccurred, `expected ${input.expectedOccurred} events that occurred in the window, saw ${rows}`);
      check(await page.inputValue('#filter-occurred_from') === await local(input.occurredFrom), 'the filter stays filled in');
      await shot(page, '06b-events-occurred');
    });

    await step('resolving a group moves it to the resolved tab', async () => {
      await page.goto(`${app}/groups`);
      await page.waitForSelector('#groups-table');
      const row = page.locator('#groups-table tbody tr', { hasText: input.groupTitle });
      check(await row.count() === 1, `the group "${input.groupTitle}" is listed as unresolved`);
      await audit(page, 'groups');
      await shot(page, '07-groups');
      await row.locator('button[data-to=resolved]').click();
      await page.waitForSelector('text=now resolved');
      await page.waitForSelector('#groups-table');
      check(await page.locator('#groups-table tbody tr', { hasText: input.groupTitle }).count() === 0, 'gone from unresolved');
      await page.click('#tab-resolved');
      await page.waitForURL(/status=resolved/);
      await page.waitForSelector('#groups-table');
      check(await page.locator('#groups-table tbody tr', { hasText: input.groupTitle }).count() === 1, 'listed as resolved');
      await shot(page, '08-groups-resolved');
    });

    await step('a group\'s analysis runs and shows its result', async () => {
      await page.locator('#groups-table tbody tr a', { hasText: input.groupTitle }).click();
      const pixels = await drawnPixels(page, '#group-chart');
      check(pixels.drawn > 100, `group chart: ${JSON.stringify(pixels)}`);
      const over = await page.textContent('#over-represented-table');
      report.checks.overRepresented = over;
      check(over.includes(input.overRepresented), `over-represented values: ${over}`);
      await page.click('#run-analysis');
      await page.waitForSelector('#analysis-result .analysis-done, #analysis-result .error', { timeout: 60000 });
      const text = await page.textContent('#analysis-result');
      report.checks.analysis = text;
      check(await page.$('#analysis-result .analysis-done') && text.includes('Root cause'), `analysis: ${text}`);
      await audit(page, 'group');
      await shot(page, '09-group-analysis');
    });

    await step('the requests page shows percentiles and endpoints', async () => {
      await page.goto(`${app}/requests`);
      await page.waitForSelector('#latency-chart canvas');
      const text = await page.textContent('main');
      check(text.includes('p95') && text.includes('/checkout'), `requests page: ${text.slice(0, 200)}`);
      const latency = await drawnPixels(page, '#latency-chart');
      const legend = await page.textContent('#latency-chart .u-legend');
      report.checks.latencyLegend = legend;
      check(latency.drawn > 100 && ['p50', 'p95', 'p99'].every(name => legend.includes(name)), `latency chart ${JSON.stringify(latency)}, legend: ${legend}`);
      await audit(page, 'requests');
      await shot(page, '10-requests');
      await page.goto(`${consoleUrl}/apps/${input.anomalyAppId}/anomalies`);
      const pixels = await drawnPixels(page, '#anomaly-chart');
      check(pixels.drawn > 100, `anomaly chart: ${JSON.stringify(pixels)}`);
      const rows = await page.textContent('main .table-wrap table');
      check(rows.includes('HIGH') && rows.includes('spike'), `anomalies: ${rows}`);
      await audit(page, 'anomalies');
      await shot(page, '11-anomalies');
    });

    await step('signing out ends the session', async () => {
      await page.click('#sign-out');
      await page.waitForSelector('#token-form');
      check(!(await context.cookies()).some(cookie => cookie.name === 'faultline_console'), 'cookie cleared');
      const answer = await page.request.get(`${consoleUrl}/session`);
      check(answer.status() === 401, `session after sign-out: ${answer.status()}`);
    });

    await step('signing in with the operator token, creating an app and seeing its first event, then creating and rotating a key', async () => {
      await page.fill('#token', input.adminToken);
      await page.click('#token-form button[type=submit]');
      await page.waitForSelector('.app-card');
      await page.fill('#app-name', 'first-app');
      await page.click('#create-app button[type=submit]');
      const firstKey = await (await page.waitForSelector('#new-key-value')).textContent();
      const firstDsn = await page.textContent('#new-key-dsn');
      const firstAppId = firstDsn.split('/').pop();
      const snippet = await page.textContent('#new-key pre');
      check(snippet.includes(`X-INGEST-KEY: ${firstKey}`) && snippet.includes('occurred_at'), `curl snippet: ${snippet}`);
      // The first event, sent as the snippet does (from outside the page: ingestion is not the console's).
      const sent = await page.request.post(`${input.origin}/api/v1/apps/${firstAppId}/events`, {
        headers: { 'X-INGEST-KEY': firstKey }, data: { occurred_at: new Date().toISOString(), level: 'ERROR', message: 'TypeError: my first event' },
      });
      check(sent.status() === 201, `first event: ${sent.status()}`);
      await page.goto(`${consoleUrl}/apps/${firstAppId}`);
      const firstPixels = await drawnPixels(page, '#overview-chart');
      check(firstPixels.drawn > 100, `a new app's first event is on its chart: ${JSON.stringify(firstPixels)}`);
      await shot(page, '12-first-app-overview');
      await page.goto(`${app}/keys`);
      await page.waitForSelector('#keys-table');
      await page.fill('#key-name', 'console-made');
      await page.fill('#key-limit', '600');
      await page.click('#create-key button[type=submit]');
      const created = await (await page.waitForSelector('#new-key-value')).textContent();
      const dsn = await page.textContent('#new-key-dsn');
      check(created.startsWith('fl_ingest_') && dsn === `${new URL(input.origin).protocol}//${created}@${new URL(input.origin).host}/${input.appId}`, `new key ${created}, DSN ${dsn}`);
      await page.waitForSelector('#keys-table >> text=console-made');
      const keyId = await page.locator('#keys-table tbody tr', { hasText: 'console-made' }).locator('button[data-rotate]').getAttribute('data-rotate');
      await page.fill(`#grace-${keyId}`, '60');
      await page.click(`button[data-rotate="${keyId}"]`);
      await page.waitForSelector('text=rotated');
      const rotated = await page.textContent('#new-key-value');
      check(rotated.startsWith('fl_ingest_') && rotated !== created, 'a new key after rotation');
      report.checks.keys = { created, rotated };
      await audit(page, 'keys');
      await shot(page, '13-keys');
      await page.goto(`${consoleUrl}/admin`);
      await page.waitForSelector('text=Operator keys');
      await page.waitForFunction(() => document.querySelectorAll('main .loading').length === 0);
      await audit(page, 'admin');
      await shot(page, '14-admin');
    });

    await step('the overview is usable on a phone', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(app);
      const pixels = await drawnPixels(page, '#overview-chart');
      check(pixels.drawn > 200, `phone chart: ${JSON.stringify(pixels)}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      report.checks.phoneOverflow = overflow;
      await page.waitForFunction(() => document.querySelectorAll('main .loading').length === 0);
      await shot(page, '15-overview-phone');
    });
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(report));
})().catch(error => {
  console.log(JSON.stringify(report));
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
