// Faultline's operator console. Every figure comes from the canonical API (/api/v1), called with the session
// cookie; changes carry the session's anti-forgery token in X-Faultline-Csrf. No token is ever kept in the
// page's storage or put in a URL. The DOM is built with textContent only (no innerHTML), so nothing an event
// contains can become markup.
'use strict';

(() => {
  const ROOT = '/console';
  const API = '/api/v1';
  const LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'];
  const LEVEL_COLORS = { DEBUG: '#9aa3b2', INFO: '#3b82f6', WARNING: '#f59e0b', ERROR: '#dc2626', CRITICAL: '#7e1d8f' };
  const KINDS = ['error', 'log', 'interaction', 'performance', 'custom', 'request'];
  const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const state = { session: null, apps: new Map(), renderId: 0 };

  // ---- DOM helpers -------------------------------------------------------------------------------------

  function h(tag, attrs, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
      else if (name === 'value' || name === 'checked' || name === 'disabled' || name === 'selected') element[name] = value;
      else element.setAttribute(name, value === true ? '' : String(value));
    }
    append(element, children);
    return element;
  }

  function append(element, children) {
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) continue;
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return element;
  }

  function replace(element, ...children) {
    element.replaceChildren();
    return append(element, children);
  }

  const link = (href, text, attrs) => h('a', { href, ...attrs }, text);
  const loading = text => h('p', { class: 'loading', role: 'status' }, h('progress', { 'aria-label': text || 'Loading' }), ' ', text || 'Loading…');
  const failure = error => h('p', { class: 'error', role: 'alert' }, error instanceof Error ? error.message : String(error));
  const levelBadge = level => h('span', { class: `badge lvl-${level}` }, level);
  const number = value => (value ?? 0).toLocaleString();
  const when = value => (value ? new Date(value).toLocaleString() : '—');

  function table(columns, rows, attrs) {
    return h('div', { class: 'table-wrap' }, h('table', attrs || {},
      h('thead', {}, h('tr', {}, columns.map(column => h('th', { scope: 'col', class: column.class }, column.title)))),
      h('tbody', {}, rows.length === 0
        ? h('tr', {}, h('td', { colspan: columns.length, class: 'muted' }, 'Nothing here yet.'))
        : rows.map(row => h('tr', {}, columns.map(column => h('td', { class: column.class }, column.cell(row))))))));
  }

  /** Fills a container with the result of load(), showing progress while it runs and the API's message if it fails. */
  async function fill(container, load, text) {
    replace(container, loading(text));
    try {
      replace(container, await load());
    } catch (error) {
      if (error.status === 401) return signedOut(error);
      replace(container, failure(error));
    }
  }

  // ---- API -------------------------------------------------------------------------------------------------

  async function call(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && state.session) headers['X-Faultline-Csrf'] = state.session.csrf_token;
    let response;
    try {
      response = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      throw new Error(`Faultline could not be reached (${error.message}).`);
    }
    if (response.status === 204) return null;
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    if (!response.ok) {
      const envelope = json && (json.error || json);
      const error = new Error((envelope && envelope.message) || `Faultline answered ${response.status} ${response.statusText}.`);
      error.status = response.status;
      error.code = envelope && envelope.code;
      throw error;
    }
    return json;
  }

  const get = path => call('GET', path);
  const query = params => {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(name, value);
    const text = search.toString();
    return text ? `?${text}` : '';
  };
  const list = value => (Array.isArray(value) ? value : (value && (value.items || value.data)) || []);

  async function app(appId) {
    if (!state.apps.has(appId)) state.apps.set(appId, await get(`${API}/apps/${appId}`));
    return state.apps.get(appId);
  }

  // ---- charts (uPlot 1.6.32, vendored) ---------------------------------------------------------------------

  /**
   * Draws a time chart into container. times: bucket starts (RFC 3339); series: [{label, values, color}].
   * Stacked series are drawn as running totals, the tallest first, each painted over the one before, so each
   * band shows one series; the legend still shows each series' own count.
   */
  function chart(container, { times, series, stacked, bars, height, small, name }) {
    const x = times.map(time => Math.floor(new Date(time).getTime() / 1000));
    let drawn = series;
    if (stacked) {
      const running = new Array(x.length).fill(0);
      drawn = series.map(entry => ({ ...entry, raw: entry.values, values: entry.values.map((value, i) => (running[i] += value)) })).reverse();
    }
    const step = x.length > 1 ? x[1] - x[0] : 3600;
    const width = () => Math.max(small ? 160 : 260, Math.floor(container.clientWidth || container.parentElement.clientWidth || 600));
    const options = {
      width: width(),
      height: height || (small ? 60 : 240),
      legend: { show: !small },
      cursor: { show: !small, drag: { x: false, y: false } },
      // Bars are centred on their bucket: half a bucket of room at each end keeps the first and last whole.
      scales: { x: bars ? { time: true, range: () => [x[0] - step / 2, x[x.length - 1] + step / 2] } : { time: true } },
      axes: small ? [{ show: false }, { show: false }] : [{ stroke: '#4a5261' }, { stroke: '#4a5261', size: 56 }],
      series: [{}, ...drawn.map(entry => ({
        label: entry.label,
        stroke: entry.color,
        fill: stacked || bars ? entry.color : undefined,
        paths: bars ? barPaths : undefined,
        width: bars ? 0 : small ? 1 : 1.5,
        // Points for sparse series (a percentile known in a few buckets only), where a line alone would not show.
        points: { show: Boolean(entry.points), size: 5 },
        value: entry.raw ? (u, value, seriesIndex, index) => (index == null ? '—' : number(entry.raw[index])) : (u, value) => (value == null ? '—' : number(Math.round(value * 100) / 100)),
      }))],
    };
    container.dataset.chart = name || 'chart';
    const plot = new window.uPlot(options, [x, ...drawn.map(entry => entry.values)], container);
    const observer = new ResizeObserver(() => plot.setSize({ width: width(), height: options.height }));
    observer.observe(container);
    return plot;
  }

  let barPathsBuilder = null;
  function barPaths(u, seriesIndex, idx0, idx1) {
    barPathsBuilder = barPathsBuilder || window.uPlot.paths.bars({ size: [0.8, 48], align: 0 });
    return barPathsBuilder(u, seriesIndex, idx0, idx1);
  }

  async function levelSeries(appId, window, interval) {
    const answers = await Promise.all(LEVELS.map(level =>
      get(`${API}/apps/${appId}/stats/timeseries${query({ since: window.since, until: window.until, interval, level, tz: ZONE })}`)));
    return {
      times: answers[0].series.map(bucket => bucket.bucket_start),
      series: LEVELS.map((level, i) => ({ label: level, color: LEVEL_COLORS[level], values: answers[i].series.map(bucket => bucket.count) })),
    };
  }

  function windowOf(hours) {
    const until = new Date();
    return { since: new Date(until.getTime() - hours * 3600e3).toISOString(), until: until.toISOString() };
  }

  // ---- navigation ------------------------------------------------------------------------------------------

  function go(path) {
    history.pushState(null, '', path);
    render();
  }

  document.addEventListener('click', event => {
    const anchor = event.target.closest && event.target.closest('a[href]');
    if (!anchor || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || anchor.target) return;
    const url = new URL(anchor.href, location.href);
    if (url.origin !== location.origin || !url.pathname.startsWith(ROOT) || url.pathname.startsWith(`${ROOT}/assets`)) return;
    event.preventDefault();
    go(url.pathname + url.search);
  });
  window.addEventListener('popstate', () => render());

  function signedOut(error) {
    state.session = null;
    state.apps.clear();
    history.replaceState(null, '', `${ROOT}/sign-in`);
    render(error && error.status === 401 ? 'Your session has ended: sign in again.' : null);
  }

  function setNav(appId, current) {
    const nav = document.getElementById('nav');
    const items = [[`${ROOT}/apps`, 'Apps', 'apps']];
    if (appId) {
      items.push(
        [`${ROOT}/apps/${appId}`, 'Overview', 'overview'],
        [`${ROOT}/apps/${appId}/events`, 'Events', 'events'],
        [`${ROOT}/apps/${appId}/groups`, 'Groups', 'groups'],
        [`${ROOT}/apps/${appId}/anomalies`, 'Anomalies', 'anomalies'],
        [`${ROOT}/apps/${appId}/requests`, 'API requests', 'requests'],
        [`${ROOT}/apps/${appId}/keys`, 'Keys', 'keys']);
    }
    if (state.session && state.session.can_manage_operators) items.push([`${ROOT}/admin`, 'Admin', 'admin']);
    replace(nav, state.session ? items.map(([href, text, key]) => link(href, text, { 'aria-current': key === current ? 'page' : undefined })) : []);
    const who = document.getElementById('who');
    replace(who, state.session ? [h('span', {}, state.session.name), h('button', { type: 'button', class: 'secondary', id: 'sign-out', onclick: signOut }, 'Sign out')] : []);
  }

  async function signOut() {
    try {
      await call('DELETE', `${ROOT}/session`);
    } finally {
      signedOut();
    }
  }

  const routes = [
    [/^\/sign-in$/, () => signInPage()],
    [/^\/?$|^\/apps$/, () => appsPage()],
    [/^\/apps\/(\d+)$/, m => overviewPage(m[1])],
    [/^\/apps\/(\d+)\/events$/, m => eventsPage(m[1])],
    [/^\/apps\/(\d+)\/events\/(\d+)$/, m => eventPage(m[1], m[2])],
    [/^\/apps\/(\d+)\/groups$/, m => groupsPage(m[1])],
    [/^\/apps\/(\d+)\/groups\/(\d+)$/, m => groupPage(m[1], m[2])],
    [/^\/apps\/(\d+)\/anomalies$/, m => anomaliesPage(m[1])],
    [/^\/apps\/(\d+)\/requests$/, m => requestsPage(m[1])],
    [/^\/apps\/(\d+)\/keys$/, m => keysPage(m[1])],
    [/^\/admin$/, () => adminPage()],
  ];

  async function render(notice) {
    const main = document.getElementById('main');
    const path = location.pathname.slice(ROOT.length).replace(/\/$/, '');
    if (!state.session && path !== '/sign-in') {
      try {
        state.session = await get(`${ROOT}/session`);
      } catch (error) {
        if (error.status !== 401) {
          replace(main, failure(error));
          return;
        }
        history.replaceState(null, '', `${ROOT}/sign-in`);
        return render(notice);
      }
    }
    const route = routes.find(([pattern]) => pattern.test(path));
    const page = route ? route[1](path.match(route[0])) : { title: 'Not found', nav: [null, null], body: h('p', {}, 'The console has no such page. ', link(`${ROOT}/apps`, 'Go to the apps.')) };
    setNav(...page.nav);
    document.title = `${page.title} · Faultline`;
    replace(main, notice ? h('p', { class: 'notice', role: 'status' }, notice) : null, page.body);
    main.focus({ preventScroll: true });
  }

  // ---- sign in ---------------------------------------------------------------------------------------------

  function signInPage() {
    const message = h('div', { 'aria-live': 'polite' });
    const done = session => {
      state.session = session;
      history.replaceState(null, '', `${ROOT}/apps`);
      render();
    };
    const submit = (form, body) => async event => {
      event.preventDefault();
      const button = form.querySelector('button[type=submit]');
      button.disabled = true;
      replace(message, loading('Signing in…'));
      try {
        done(await call('POST', `${ROOT}/session`, body()));
      } catch (error) {
        replace(message, failure(error));
      } finally {
        button.disabled = false;
      }
    };

    const email = h('input', { id: 'email', name: 'email', type: 'email', autocomplete: 'username', required: true });
    const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password' });
    const code = h('input', { id: 'code', name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}' });
    const token = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true });

    const passwordForm = h('form', { id: 'password-form' },
      h('fieldset', {}, h('legend', {}, 'With your account'),
        h('label', { for: 'email' }, 'Email', email),
        h('label', { for: 'password' }, 'Password', password),
        h('button', { type: 'submit' }, 'Sign in with password'),
        h('label', { for: 'code' }, 'Or a six-digit code sent by email', code),
        h('div', { class: 'row' },
          h('button', { type: 'button', class: 'secondary', id: 'send-code', onclick: sendCode }, 'Email me a code'),
          h('button', { type: 'button', class: 'secondary', id: 'use-code', onclick: useCode }, 'Sign in with the code'))));
    passwordForm.addEventListener('submit', submit(passwordForm, () => ({ email: email.value, password: password.value })));

    async function sendCode() {
      replace(message, loading('Sending a code…'));
      try {
        const answer = await call('POST', `${ROOT}/session/code`, { email: email.value });
        replace(message, h('p', { class: 'notice', role: 'status' }, answer.message));
        code.focus();
      } catch (error) {
        replace(message, failure(error));
      }
    }

    async function useCode() {
      replace(message, loading('Signing in…'));
      try {
        done(await call('POST', `${ROOT}/session`, { email: email.value, code: code.value }));
      } catch (error) {
        replace(message, failure(error));
      }
    }

    const tokenForm = h('form', { id: 'token-form' },
      h('fieldset', {}, h('legend', {}, 'With an operator token'),
        h('label', { for: 'token' }, 'Admin token or operator key', token),
        h('button', { type: 'submit' }, 'Sign in with token')));
    tokenForm.addEventListener('submit', submit(tokenForm, () => ({ token: token.value })));

    return {
      title: 'Sign in', nav: [null, 'sign-in'],
      body: h('section', { class: 'signin' }, h('h1', {}, 'Sign in to Faultline'), message, passwordForm, h('p'), tokenForm),
    };
  }

  // ---- apps ------------------------------------------------------------------------------------------------

  function appsPage() {
    const listing = h('div');
    const created = h('div', { 'aria-live': 'polite' });
    const name = h('input', { id: 'app-name', name: 'name', required: true, maxlength: 100, placeholder: 'my-shop' });
    const form = h('form', { class: 'row', id: 'create-app' },
      h('label', { for: 'app-name' }, 'New app name', name), h('button', { type: 'submit' }, 'Create app'));
    form.addEventListener('submit', async event => {
      event.preventDefault();
      replace(created, loading('Creating the app…'));
      try {
        const answer = await call('POST', `${API}/apps/${encodeURIComponent(name.value.trim())}`);
        replace(created, keyShownOnce(answer.id, answer.ingest_key, `App “${answer.name}” created.`));
        name.value = '';
        fill(listing, loadApps, 'Loading apps…');
      } catch (error) {
        replace(created, failure(error));
      }
    });

    async function loadApps() {
      const apps = list(await get(`${API}/apps`));
      state.apps.clear();
      apps.forEach(entry => state.apps.set(String(entry.id), entry));
      if (apps.length === 0) return h('p', { class: 'muted' }, 'No apps yet: create one above, then send it an event.');
      const window = windowOf(24);
      const cards = apps.map(entry => {
        const spark = h('div', { class: 'spark', 'data-chart': 'spark' });
        const figures = h('p', { class: 'muted' }, 'Loading…');
        (async () => {
          try {
            const [series, levels, groups] = await Promise.all([
              get(`${API}/apps/${entry.id}/stats/timeseries${query({ ...window, interval: 'HOUR', tz: ZONE })}`),
              get(`${API}/apps/${entry.id}/stats/by-level${query(window)}`),
              get(`${API}/apps/${entry.id}/groups${query({ status: 'unresolved', limit: 100 })}`),
            ]);
            const errors = levels.items.filter(item => item.level === 'ERROR' || item.level === 'CRITICAL').reduce((sum, item) => sum + item.count, 0);
            const total = series.series.reduce((sum, bucket) => sum + bucket.count, 0);
            const open = list(groups).length + (groups.next_offset ? '+' : '');
            replace(figures, `${number(total)} events · ${number(errors)} errors (24 h) · ${open} open groups`);
            chart(spark, { times: series.series.map(bucket => bucket.bucket_start), series: [{ label: 'events', color: '#1d4ed8', values: series.series.map(bucket => bucket.count) }], small: true, name: 'spark' });
          } catch (error) {
            replace(figures, failure(error));
          }
        })();
        return h('article', { class: 'card app-card', 'data-app': entry.id },
          h('h2', {}, link(`${ROOT}/apps/${entry.id}`, entry.name)),
          entry.description ? h('p', { class: 'muted' }, entry.description) : null,
          spark, figures);
      });
      return h('div', { class: 'grid' }, cards);
    }

    fill(listing, loadApps, 'Loading apps…');
    return { title: 'Apps', nav: [null, 'apps'], body: [h('h1', {}, 'Apps'), state.session.can_change ? [form, created] : null, listing] };
  }

  /** A new ingest key, shown once, with the Sentry DSN and snippets to send a first event. */
  function keyShownOnce(appId, key, headline) {
    const dsn = `${location.protocol}//${key}@${location.host}/${appId}`;
    const curl = `curl -X POST ${location.origin}/api/v1/apps/${appId}/events \\\n  -H 'X-INGEST-KEY: ${key}' -H 'Content-Type: application/json' \\\n  -d '{"occurred_at":"'$(date -u +%Y-%m-%dT%H:%M:%SZ)'","level":"ERROR","message":"TypeError: my first event"}'`;
    return h('section', { class: 'card', id: 'new-key' },
      h('h2', {}, headline),
      h('p', {}, 'The ingest key is shown only now: copy it. ', h('span', { class: 'secret', id: 'new-key-value' }, key)),
      h('dl', { class: 'fields' }, h('dt', {}, 'Sentry DSN'), h('dd', {}, h('code', { id: 'new-key-dsn' }, dsn))),
      h('h3', {}, 'curl'), h('pre', {}, curl),
      h('h3', {}, 'Browser (@sentry/browser)'),
      h('pre', {}, `import * as Sentry from "@sentry/browser";\nSentry.init({ dsn: "${dsn}" });\nSentry.captureMessage("Hello from the browser");`),
      h('h3', {}, 'Node (@sentry/node)'),
      h('pre', {}, `const Sentry = require("@sentry/node");\nSentry.init({ dsn: "${dsn}" });\nSentry.captureException(new Error("Hello from Node"));`),
      h('h3', {}, 'Python (sentry-sdk)'),
      h('pre', {}, `import sentry_sdk\nsentry_sdk.init(dsn="${dsn}")\nsentry_sdk.capture_message("Hello from Python")`));
  }

  // ---- overview --------------------------------------------------------------------------------------------

  const WINDOWS = [['1', 'Last hour', 'MINUTE'], ['24', 'Last 24 hours', 'HOUR'], ['168', 'Last 7 days', 'HOUR'], ['720', 'Last 30 days', 'DAY']];

  function overviewPage(appId) {
    const params = new URLSearchParams(location.search);
    const hours = params.get('window') || '24';
    const interval = params.get('interval') || (WINDOWS.find(entry => entry[0] === hours) || WINDOWS[1])[2];
    const windowSelect = h('select', { id: 'window', name: 'window' }, WINDOWS.map(([value, text]) => h('option', { value, selected: value === hours }, text)));
    const intervalSelect = h('select', { id: 'interval', name: 'interval' }, ['MINUTE', 'HOUR', 'DAY', 'WEEK'].map(value => h('option', { value, selected: value === interval }, value.toLowerCase())));
    const pickers = h('form', { class: 'row', id: 'overview-pickers' },
      h('label', { for: 'window' }, 'Window', windowSelect), h('label', { for: 'interval' }, 'Interval', intervalSelect),
      h('span', { class: 'muted' }, `Times in ${ZONE}`));
    const onChange = () => go(`${ROOT}/apps/${appId}${query({ window: windowSelect.value, interval: intervalSelect.value })}`);
    windowSelect.addEventListener('change', onChange);
    intervalSelect.addEventListener('change', onChange);
    const window = windowOf(Number(hours));

    const title = h('h1', {}, 'Overview');
    const series = h('div', { class: 'card' });
    const levels = h('div', { class: 'card' });
    const kinds = h('div', { class: 'card' });
    const top = h('div', { class: 'card' });
    const newest = h('div', { class: 'card' });
    const busiest = h('div', { class: 'card' });
    const anomalies = h('div', { class: 'card' });

    app(appId).then(entry => replace(title, `${entry.name}: overview`)).catch(() => {});
    fill(series, async () => {
      const data = await levelSeries(appId, window, interval);
      const holder = h('div', { class: 'chart', id: 'overview-chart' });
      requestAnimationFrame(() => chart(holder, { ...data, stacked: true, bars: true, name: 'overview' }));
      return [h('h2', {}, 'Events over time, by level'), holder];
    }, 'Loading the series…');
    fill(levels, async () => {
      const answer = await get(`${API}/apps/${appId}/stats/by-level${query(window)}`);
      return [h('h2', {}, 'By level'), table([
        { title: 'Level', cell: item => levelBadge(item.level) },
        { title: 'Events', class: 'num', cell: item => number(item.count) }], answer.items)];
    });
    fill(kinds, async () => {
      const answer = await get(`${API}/apps/${appId}/stats/by-kind${query(window)}`);
      return [h('h2', {}, 'By kind'), table([
        { title: 'Kind', cell: item => item.kind },
        { title: 'Events', class: 'num', cell: item => number(item.count) },
        { title: '%', class: 'num', cell: item => item.percentage }], answer.items)];
    });
    fill(top, async () => {
      const answer = await get(`${API}/apps/${appId}/stats/top-messages${query({ ...window, limit: 10 })}`);
      return [h('h2', {}, 'Top messages'), table([
        { title: 'Message', class: 'message', cell: item => item.message },
        { title: 'Events', class: 'num', cell: item => number(item.count) }], answer.items)];
    });
    const groupTable = items => table([
      { title: 'Group', class: 'message', cell: group => link(`${ROOT}/apps/${appId}/groups/${group.id}`, group.title) },
      { title: 'Events', class: 'num', cell: group => number(group.count) },
      { title: 'Last seen', class: 'hide-narrow', cell: group => when(group.last_seen) }], items);
    fill(newest, async () => [h('h2', {}, 'Newest open groups'),
      groupTable(list(await get(`${API}/apps/${appId}/groups${query({ status: 'unresolved', sort: 'first_seen', limit: 5 })}`)))]);
    fill(busiest, async () => [h('h2', {}, 'Busiest open groups'),
      groupTable(list(await get(`${API}/apps/${appId}/groups${query({ status: 'unresolved', sort: 'count', limit: 5 })}`)))]);
    fill(anomalies, async () => [h('h2', {}, 'Recent anomalies'),
      anomalyTable(list(await get(`${API}/apps/${appId}/anomalies${query({ limit: 5 })}`)))]);

    return {
      title: 'Overview', nav: [appId, 'overview'],
      body: [title, pickers, series, h('div', { class: 'grid' }, levels, kinds, top), h('div', { class: 'grid' }, newest, busiest, anomalies)],
    };
  }

  // ---- events ----------------------------------------------------------------------------------------------

  const EVENT_FILTERS = [
    ['q', 'Text', 'text'], ['kind', 'Kind', KINDS], ['level', 'Level', LEVELS], ['name', 'Name', 'text'], ['user_id', 'User', 'text'], ['session_id', 'Session', 'text'],
    ['release', 'Release', 'text'], ['environment', 'Environment', 'text'], ['since', 'Received from', 'datetime-local'], ['until', 'Received until', 'datetime-local'],
    ['occurred_from', 'Occurred from', 'datetime-local'], ['occurred_to', 'Occurred to', 'datetime-local'],
  ];

  const toLocalInput = iso => {
    if (!iso) return '';
    const date = new Date(iso);
    return new Date(date.getTime() - date.getTimezoneOffset() * 60e3).toISOString().slice(0, 16);
  };

  function eventsPage(appId) {
    const params = new URLSearchParams(location.search);
    const inputs = {};
    const fields = EVENT_FILTERS.map(([name, text, type]) => {
      const id = `filter-${name}`;
      const value = params.get(name) || '';
      inputs[name] = Array.isArray(type)
        ? h('select', { id, name }, h('option', { value: '' }, 'any'), type.map(option => h('option', { value: option, selected: option === value }, option)))
        : h('input', { id, name, type: type === 'text' ? 'search' : type, value: type === 'datetime-local' ? toLocalInput(value) : value });
      return h('label', { for: id }, text, inputs[name]);
    });
    const form = h('form', { class: 'filters', id: 'event-filters', role: 'search' }, fields, h('button', { type: 'submit' }, 'Filter'));
    form.addEventListener('submit', event => {
      event.preventDefault();
      const chosen = {};
      for (const [name, , type] of EVENT_FILTERS) {
        const value = inputs[name].value.trim();
        chosen[name] = value && type === 'datetime-local' ? new Date(value).toISOString() : value;
      }
      go(`${ROOT}/apps/${appId}/events${query(chosen)}`);
    });

    const results = h('div', { id: 'event-results' });
    const filters = Object.fromEntries(EVENT_FILTERS.map(([name]) => [name, params.get(name)]));
    const offset = Number(params.get('offset') || 0);
    fill(results, async () => {
      const page = await get(`${API}/apps/${appId}/events${query({ ...filters, limit: 50, offset })}`);
      const pageLink = (to, text) => link(`${ROOT}/apps/${appId}/events${query({ ...filters, offset: to || undefined })}`, text);
      return [
        table([
          { title: 'Received', cell: item => link(`${ROOT}/apps/${appId}/events/${item.id}`, when(item.received_at)) },
          { title: 'Occurred', class: 'hide-narrow', cell: item => when(item.occurred_at) },
          { title: 'Level', cell: item => levelBadge(item.level) },
          { title: 'Kind', class: 'hide-narrow', cell: item => item.kind },
          { title: 'Message', class: 'message', cell: item => item.message },
          { title: 'User', class: 'hide-narrow', cell: item => item.user_id || '' }], page.items, { id: 'events-table' }),
        h('nav', { class: 'pager', 'aria-label': 'Pages' },
          offset > 0 ? pageLink(Math.max(0, offset - 50), '← Newer') : null,
          h('span', { class: 'muted' }, `Events ${page.items.length ? offset + 1 : 0}–${offset + page.items.length}`),
          page.next_offset ? pageLink(page.next_offset, 'Older →') : null),
      ];
    }, 'Searching events…');
    return { title: 'Events', nav: [appId, 'events'], body: [h('h1', {}, 'Events'), form, results] };
  }

  function frameList(frames) {
    // Sentry's frames run from the outermost call to the one that threw: the newest comes first here.
    const newestFirst = [...frames].reverse();
    const describe = frame => {
      const file = frame.filename || frame.abs_path || frame.module || '?';
      const line = frame.lineno != null ? `:${frame.lineno}${frame.colno != null ? `:${frame.colno}` : ''}` : '';
      return `${frame.function || '<anonymous>'} — ${file}${line}`;
    };
    const inApp = newestFirst.filter(frame => frame.in_app === true);
    const others = newestFirst.filter(frame => frame.in_app !== true);
    return [
      inApp.length ? h('ol', { class: 'frames', id: 'frames-in-app' }, inApp.map(frame => h('li', { class: 'frame-app' }, h('code', {}, describe(frame))))) : null,
      others.length ? (inApp.length
        ? h('details', {}, h('summary', {}, `${others.length} other frames (libraries, runtime)`), h('ol', { class: 'frames' }, others.map(frame => h('li', {}, h('code', {}, describe(frame))))))
        : h('ol', { class: 'frames', id: 'frames' }, others.map(frame => h('li', {}, h('code', {}, describe(frame)))))) : null,
    ];
  }

  const json = value => JSON.stringify(value, null, 2);

  function eventPage(appId, eventId) {
    const body = h('div');
    fill(body, async () => {
      const event = await get(`${API}/apps/${appId}/events/${eventId}`);
      const field = (name, value) => (value === null || value === undefined || value === '' ? null : [h('dt', {}, name), h('dd', {}, value)]);
      const frames = event.stack && Array.isArray(event.stack.frames) ? event.stack.frames : [];
      const tags = event.tags && typeof event.tags === 'object' ? Object.entries(event.tags) : [];
      return [
        h('h1', { class: 'message' }, event.message || event.name || `Event ${event.id}`),
        h('p', {}, levelBadge(event.level), ' ', event.kind, event.group_id ? [' · ', link(`${ROOT}/apps/${appId}/groups/${event.group_id}`, `group ${event.group_id}`)] : null),
        h('div', { class: 'grid' },
          h('section', { class: 'card' }, h('h2', {}, 'Event'), h('dl', { class: 'fields' },
            field('Occurred', when(event.occurred_at)), field('Received', when(event.received_at)), field('Name', event.name),
            field('Release', event.release), field('Environment', event.environment), field('Event id', event.event_id), field('Fingerprint', event.fingerprint))),
          h('section', { class: 'card', id: 'event-user' }, h('h2', {}, 'User'), h('dl', { class: 'fields' },
            field('User', event.user_id), field('Session', event.session_id), field('User agent', event.user_agent)),
            event.user_id || event.session_id || event.user_agent ? null : h('p', { class: 'muted' }, 'No user recorded.')),
          h('section', { class: 'card', id: 'event-request' }, h('h2', {}, 'Request'), h('dl', { class: 'fields' },
            field('Method', event.http_method), field('Path', event.http_path), field('Status', event.status_code),
            field('Duration (ms)', event.duration_ms), field('Page', event.page_url)),
            event.http_method || event.http_path || event.page_url ? null : h('p', { class: 'muted' }, 'No request recorded.'))),
        h('section', { id: 'event-stack' }, h('h2', {}, 'Stack'), frames.length ? frameList(frames) : h('p', { class: 'muted' }, 'No stack frames.')),
        h('section', { id: 'event-tags' }, h('h2', {}, 'Tags'), table([
          { title: 'Tag', cell: entry => entry[0] }, { title: 'Value', class: 'message', cell: entry => String(entry[1]) }], tags)),
        h('section', {}, h('h2', {}, 'Payload'), event.payload ? h('pre', { id: 'event-payload' }, json(event.payload)) : h('p', { class: 'muted' }, 'No payload.')),
      ];
    }, 'Loading the event…');
    return { title: `Event ${eventId}`, nav: [appId, 'events'], body: [h('p', {}, link(`${ROOT}/apps/${appId}/events`, '← Events')), body] };
  }

  // ---- groups ----------------------------------------------------------------------------------------------

  const STATUSES = ['unresolved', 'resolved', 'ignored'];
  const ACTIONS = { unresolved: [['resolved', 'Resolve'], ['ignored', 'Ignore']], resolved: [['unresolved', 'Reopen']], ignored: [['unresolved', 'Reopen']] };

  function groupsPage(appId) {
    const params = new URLSearchParams(location.search);
    const status = STATUSES.includes(params.get('status')) ? params.get('status') : 'unresolved';
    const sort = params.get('sort') || 'last_seen';
    const offset = Number(params.get('offset') || 0);
    const tabs = h('nav', { class: 'tabs', role: 'tablist', 'aria-label': 'Status' }, STATUSES.map(value =>
      link(`${ROOT}/apps/${appId}/groups${query({ status: value, sort })}`, value, { role: 'tab', 'aria-selected': String(value === status), id: `tab-${value}` })));
    const sortSelect = h('select', { id: 'group-sort', name: 'sort' },
      [['last_seen', 'last seen'], ['count', 'events'], ['first_seen', 'first seen']].map(([value, text]) => h('option', { value, selected: value === sort }, text)));
    sortSelect.addEventListener('change', () => go(`${ROOT}/apps/${appId}/groups${query({ status, sort: sortSelect.value })}`));
    const message = h('div', { 'aria-live': 'polite' });
    const results = h('div', { id: 'group-results' });
    const selected = new Set();

    const change = async (ids, to) => {
      replace(message, loading(`Updating ${ids.length} group(s)…`));
      try {
        for (const id of ids) await call('PATCH', `${API}/apps/${appId}/groups/${id}`, { status: to });
        replace(message, h('p', { class: 'notice', role: 'status' }, `${ids.length} group(s) now ${to}.`));
        selected.clear();
        fill(results, load, 'Loading groups…');
      } catch (error) {
        replace(message, failure(error));
      }
    };

    const bulk = h('div', { class: 'row', id: 'bulk-actions' }, state.session.can_change
      ? ACTIONS[status].map(([to, text]) => h('button', { type: 'button', class: 'secondary', 'data-bulk': to, onclick: () => selected.size ? change([...selected], to) : replace(message, failure('Select groups first.')) }, `${text} selected`))
      : null);

    async function load() {
      const page = await get(`${API}/apps/${appId}/groups${query({ status, sort, limit: 25, offset })}`);
      const columns = [
        { title: h('span', { class: 'muted' }, 'Select'), cell: group => h('input', { type: 'checkbox', 'aria-label': `Select ${group.title}`, onchange: event => (event.target.checked ? selected.add(group.id) : selected.delete(group.id)) }) },
        { title: 'Group', class: 'message', cell: group => [link(`${ROOT}/apps/${appId}/groups/${group.id}`, group.title), group.regressed ? h('span', { class: 'badge lvl-ERROR' }, 'regressed') : null] },
        { title: 'Level', cell: group => levelBadge(group.level) },
        { title: 'Events', class: 'num', cell: group => number(group.count) },
        { title: 'Users', class: 'num hide-narrow', cell: group => number(group.users_affected) },
        { title: 'Last seen', class: 'hide-narrow', cell: group => when(group.last_seen) },
      ];
      if (state.session.can_change) {
        columns.push({ title: 'Actions', cell: group => ACTIONS[status].map(([to, text]) => h('button', { type: 'button', class: 'secondary', 'data-group': group.id, 'data-to': to, onclick: () => change([group.id], to) }, text)) });
      }
      const pageLink = (to, text) => link(`${ROOT}/apps/${appId}/groups${query({ status, sort, offset: to || undefined })}`, text);
      return [table(columns, list(page), { id: 'groups-table' }),
        h('nav', { class: 'pager', 'aria-label': 'Pages' }, offset > 0 ? pageLink(Math.max(0, offset - 25), '← Previous') : null, page.next_offset ? pageLink(page.next_offset, 'Next →') : null)];
    }

    fill(results, load, 'Loading groups…');
    return {
      title: 'Groups', nav: [appId, 'groups'],
      body: [h('h1', {}, 'Error groups'), tabs, h('form', { class: 'row' }, h('label', { for: 'group-sort' }, 'Sort by', sortSelect), bulk), message, results],
    };
  }

  function groupPage(appId, groupId) {
    const body = h('div');
    const analysis = h('section', { class: 'card', id: 'analysis' });
    fill(body, async () => {
      const [detail, tags] = await Promise.all([get(`${API}/apps/${appId}/groups/${groupId}`), get(`${API}/apps/${appId}/groups/${groupId}/tags`)]);
      const group = detail.group;
      const hourly = h('div', { class: 'chart', id: 'group-chart' });
      requestAnimationFrame(() => chart(hourly, {
        times: detail.hourly.map(hour => hour.hour), series: [{ label: 'events', color: LEVEL_COLORS[group.level] || '#1d4ed8', values: detail.hourly.map(hour => hour.count) }],
        height: 180, bars: true, name: 'group',
      }));
      const values = (title, items) => h('section', { class: 'card' }, h('h2', {}, title), table([
        { title: 'Value', class: 'message', cell: item => (item.key ? `${item.key} = ${item.value}` : item.value) },
        { title: 'Events', class: 'num', cell: item => number(item.count) }], items));
      const percent = share => `${Math.round(share * 1000) / 10}%`;
      const overRepresented = h('section', { class: 'card', id: 'over-represented' }, h('h2', {}, 'Over-represented in this group'),
        h('p', { class: 'muted' }, `On at least half of the group's latest ${number(tags.group_events)} events and 1.5 times as often as on the app's latest ${number(tags.app_events)}.`),
        tags.items.length === 0 ? h('p', {}, 'No release, environment or tag value stands out.') : table([
          { title: 'Value', class: 'message', cell: item => (item.key ? `${item.key} = ${item.value}` : `${item.facet} ${item.value}`) },
          { title: 'In the group', class: 'num', cell: item => `${percent(item.share)} (${number(item.count)})` },
          { title: 'In the app', class: 'num', cell: item => `${percent(item.app_share)} (${number(item.app_count)})` }], tags.items, { id: 'over-represented-table' }));
      const anomalies = h('section', { class: 'card' });
      fill(anomalies, async () => {
        const items = list(await get(`${API}/apps/${appId}/anomalies${query({ since: group.first_seen, limit: 10 })}`));
        return [h('h2', {}, 'Anomalies of the app while this group was seen'), anomalyTable(items.filter(item => item.group_id == null || String(item.group_id) === String(groupId)))];
      });
      return [
        h('h1', { class: 'message' }, group.title),
        h('p', {}, levelBadge(group.level), ' ', h('span', { id: 'group-status' }, group.status), ` · ${number(group.count)} events · ${number(group.users_affected)} users · first ${when(group.first_seen)} · last ${when(group.last_seen)}`),
        h('section', { class: 'card' }, h('h2', {}, 'Events per hour (last 24 hours)'), hourly),
        overRepresented,
        h('div', { class: 'grid' }, values('Tags', detail.tags), values('Releases', detail.releases), values('Environments', detail.environments), values('User agents', detail.user_agents)),
        analysis,
        h('section', {}, h('h2', {}, 'Latest events'), table([
          { title: 'Received', cell: item => link(`${ROOT}/apps/${appId}/events/${item.id}`, when(item.received_at)) },
          { title: 'Message', class: 'message', cell: item => item.message },
          { title: 'User', class: 'hide-narrow', cell: item => item.user_id || '' }], detail.latest_events)),
        anomalies,
      ];
    }, 'Loading the group…');

    const result = h('div', { id: 'analysis-result', 'aria-live': 'polite' });
    const run = h('button', { type: 'button', id: 'run-analysis', onclick: runAnalysis }, 'Run an analysis');
    replace(analysis, h('h2', {}, 'Analysis'), h('p', { class: 'muted' }, 'Looks at this group over the last day: what is over-represented, when it started, what else happened then.'), run, result);

    async function runAnalysis() {
      run.disabled = true;
      const started = Date.now();
      const progress = text => replace(result, loading(`${text} (${Math.round((Date.now() - started) / 1000)} s)`));
      progress('Starting the analysis…');
      try {
        const entry = await app(appId);
        let answer = (await call('POST', `${API}/analyze`, { service: entry.name, since: '1d', cluster_id: Number(groupId) })).data;
        while (answer.status !== 'completed' && answer.status !== 'failed') {
          progress(`Analysis ${answer.status}…`);
          await new Promise(resolve => setTimeout(resolve, 700));
          answer = (await get(answer.poll_url || `${API}/analyze/${answer.job_id}`)).data;
        }
        replace(result, analysisResult(answer));
      } catch (error) {
        if (error.status === 401) return signedOut(error);
        replace(result, failure(error));
      } finally {
        run.disabled = false;
      }
    }

    return { title: `Group ${groupId}`, nav: [appId, 'groups'], body: [h('p', {}, link(`${ROOT}/apps/${appId}/groups`, '← Groups')), body] };
  }

  function analysisResult(job) {
    if (job.status === 'failed' && !job.result) return failure(job.error ? job.error.message : 'The analysis failed.');
    const clusters = (job.result && job.result.clusters) || [];
    return h('div', { class: 'analysis-done' },
      job.error ? failure(job.error.message) : null,
      h('p', { class: 'muted' }, `Completed ${when(job.completed_at)} · ${number(job.result && job.result.total)} events looked at`),
      clusters.length === 0 ? h('p', {}, 'No events of this group in the last day.') : clusters.map(cluster => h('div', {},
        cluster.analysis ? h('dl', { class: 'fields' },
          h('dt', {}, 'Root cause'), h('dd', {}, cluster.analysis.root_cause),
          h('dt', {}, 'Confidence'), h('dd', {}, `${Math.round((cluster.analysis.confidence || 0) * 100)}%`),
          h('dt', {}, 'Summary'), h('dd', {}, cluster.analysis.summary),
          h('dt', {}, 'Suggested action'), h('dd', {}, cluster.analysis.suggested_action)) : null,
        (cluster.findings || []).length ? h('ul', {}, cluster.findings.map(finding => h('li', {}, finding))) : null)));
  }

  // ---- anomalies -------------------------------------------------------------------------------------------

  function anomalyTable(items) {
    return table([
      { title: 'Window', cell: item => `${when(item.window_start)}` },
      { title: 'Kind', cell: item => item.kind },
      { title: 'Severity', cell: item => h('span', { class: `badge sev-${item.severity}` }, item.severity) },
      { title: 'Observed', class: 'num', cell: item => number(item.observed) },
      { title: 'Baseline', class: 'num', cell: item => number(Math.round(item.baseline_mean * 100) / 100) },
      { title: 'Ratio', class: 'num hide-narrow', cell: item => `${Math.round(item.ratio * 10) / 10}×` }], items);
  }

  function anomaliesPage(appId) {
    const params = new URLSearchParams(location.search);
    const severity = params.get('severity') || '';
    const select = h('select', { id: 'severity', name: 'severity' }, h('option', { value: '' }, 'any'),
      ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].map(value => h('option', { value, selected: value === severity }, value.toLowerCase())));
    select.addEventListener('change', () => go(`${ROOT}/apps/${appId}/anomalies${query({ severity: select.value })}`));
    const body = h('div');
    fill(body, async () => {
      const items = list(await get(`${API}/apps/${appId}/anomalies${query({ severity, limit: 100 })}`));
      const holder = h('div', { class: 'chart', id: 'anomaly-chart' });
      const ordered = [...items].sort((a, b) => new Date(a.window_start) - new Date(b.window_start));
      if (ordered.length) {
        requestAnimationFrame(() => chart(holder, {
          times: ordered.map(item => item.window_start),
          series: [{ label: 'observed', color: '#dc2626', values: ordered.map(item => item.observed) },
            { label: 'baseline', color: '#4a5261', values: ordered.map(item => item.baseline_mean) }],
          height: 200, bars: true, name: 'anomalies',
        }));
      }
      return [ordered.length ? h('section', { class: 'card' }, h('h2', {}, 'Observed against baseline'), holder) : null, anomalyTable(items)];
    }, 'Loading anomalies…');
    return { title: 'Anomalies', nav: [appId, 'anomalies'], body: [h('h1', {}, 'Anomalies'), h('form', { class: 'row' }, h('label', { for: 'severity' }, 'Severity', select)), body] };
  }

  // ---- API requests ----------------------------------------------------------------------------------------

  function requestsPage(appId) {
    const params = new URLSearchParams(location.search);
    const hours = params.get('window') || '24';
    const windowSelect = h('select', { id: 'req-window', name: 'window' }, WINDOWS.map(([value, text]) => h('option', { value, selected: value === hours }, text)));
    windowSelect.addEventListener('change', () => go(`${ROOT}/apps/${appId}/requests${query({ window: windowSelect.value })}`));
    const window = windowOf(Number(hours));
    const interval = (WINDOWS.find(entry => entry[0] === hours) || WINDOWS[1])[2];
    const body = h('div');
    fill(body, async () => {
      const [summary, series, endpoints] = await Promise.all([
        get(`${API}/apps/${appId}/requests/summary${query(window)}`),
        get(`${API}/apps/${appId}/requests/timeseries${query({ ...window, interval, tz: ZONE })}`),
        get(`${API}/apps/${appId}/requests/endpoints${query({ ...window, limit: 50 })}`),
      ]);
      if (!summary.request_count) return h('p', { class: 'muted' }, 'This app has tracked no API requests in the window (events of kind "request").');
      const ms = value => (value == null ? '—' : `${Math.round(value * 10) / 10} ms`);
      const tile = (name, value) => h('div', { class: 'tile' }, h('span', { class: 'muted' }, name), h('b', {}, value));
      const buckets = list(series.series || series);
      const latency = h('div', { class: 'chart', id: 'latency-chart' });
      const errors = h('div', { class: 'chart', id: 'error-rate-chart' });
      requestAnimationFrame(() => {
        const times = buckets.map(bucket => bucket.bucket_start);
        const percentile = (label, color, field) => ({ label, color, points: true, values: buckets.map(bucket => bucket[field] ?? null) });
        chart(latency, {
          times, height: 180, name: 'latency',
          series: [percentile('p50 ms', '#15803d', 'p50_response_time_ms'), percentile('p95 ms', '#b45309', 'p95_response_time_ms'), percentile('p99 ms', '#b91c1c', 'p99_response_time_ms')],
        });
        chart(errors, { times, series: [{ label: 'error rate %', color: '#dc2626', values: buckets.map(bucket => (bucket.request_count ? (100 * bucket.error_count) / bucket.request_count : 0)) }], height: 180, name: 'error-rate' });
      });
      return [
        h('div', { class: 'tiles' }, tile('Requests', number(summary.request_count)), tile('Error rate', `${summary.error_rate}%`),
          tile('p50', ms(summary.p50_response_time_ms)), tile('p95', ms(summary.p95_response_time_ms)), tile('p99', ms(summary.p99_response_time_ms))),
        h('div', { class: 'grid' }, h('section', { class: 'card' }, h('h2', {}, 'Latency (p50, p95, p99)'), latency), h('section', { class: 'card' }, h('h2', {}, 'Error rate'), errors)),
        h('h2', {}, 'Endpoints'),
        table([
          { title: 'Endpoint', class: 'message', cell: item => `${item.method || item.http_method || ''} ${item.path || item.url_path || item.http_path || ''}` },
          { title: 'Requests', class: 'num', cell: item => number(item.request_count) },
          { title: 'Errors %', class: 'num', cell: item => item.error_rate },
          { title: 'p50', class: 'num', cell: item => ms(item.p50_response_time_ms) },
          { title: 'p95', class: 'num hide-narrow', cell: item => ms(item.p95_response_time_ms) },
          { title: 'p99', class: 'num hide-narrow', cell: item => ms(item.p99_response_time_ms) }], list(endpoints)),
      ];
    }, 'Loading request figures…');
    return { title: 'API requests', nav: [appId, 'requests'], body: [h('h1', {}, 'API requests'), h('form', { class: 'row' }, h('label', { for: 'req-window' }, 'Window', windowSelect)), body] };
  }

  // ---- keys ------------------------------------------------------------------------------------------------

  function keysPage(appId) {
    const message = h('div', { 'aria-live': 'polite' });
    const listing = h('div');
    const name = h('input', { id: 'key-name', name: 'name', required: true, maxlength: 100 });
    const limit = h('input', { id: 'key-limit', name: 'rate_limit_per_minute', type: 'number', min: 1 });
    const form = h('form', { class: 'row', id: 'create-key' },
      h('label', { for: 'key-name' }, 'Key name', name), h('label', { for: 'key-limit' }, 'Events per minute (optional)', limit), h('button', { type: 'submit' }, 'Create key'));
    const act = async (text, action) => {
      replace(message, loading(text));
      try {
        replace(message, await action());
        fill(listing, load, 'Loading keys…');
      } catch (error) {
        if (error.status === 401) return signedOut(error);
        replace(message, failure(error));
      }
    };
    form.addEventListener('submit', event => {
      event.preventDefault();
      act('Creating the key…', async () => {
        const created = await call('POST', `${API}/apps/${appId}/keys`, { name: name.value.trim(), rate_limit_per_minute: limit.value ? Number(limit.value) : undefined });
        name.value = '';
        limit.value = '';
        return keyShownOnce(appId, created.key, `Key “${created.name}” created.`);
      });
    });

    async function load() {
      const keys = list(await get(`${API}/apps/${appId}/keys`));
      return table([
        { title: 'Name', cell: key => key.name },
        { title: 'Prefix', cell: key => h('code', {}, key.prefix) },
        { title: 'Created', class: 'hide-narrow', cell: key => when(key.created_at) },
        { title: 'Last used', class: 'hide-narrow', cell: key => when(key.last_used_at) },
        { title: 'State', cell: key => (retired(key) ? `revoked ${when(key.revoked_at)}` : key.revoked_at ? `retires ${when(key.revoked_at)}` : key.expires_at ? `expires ${when(key.expires_at)}` : 'live') },
        { title: 'Limit / min', class: 'num', cell: key => (key.rate_limit_per_minute == null ? 'none' : number(key.rate_limit_per_minute)) },
        { title: 'Actions', cell: key => (retired(key) ? null : keyActions(key)) }], keys, { id: 'keys-table' });
    }

    // A rotated key keeps working until its grace period ends: revoked_at is then in the future.
    const retired = key => key.revoked_at && new Date(key.revoked_at) <= new Date();

    function keyActions(key) {
      const grace = h('input', { id: `grace-${key.id}`, type: 'number', min: 0, value: '3600', size: 6 });
      const newLimit = h('input', { id: `limit-${key.id}`, type: 'number', min: 1, value: key.rate_limit_per_minute ?? '', size: 6 });
      return h('div', { class: 'row' },
        h('label', { for: `grace-${key.id}` }, 'Grace (s)', grace),
        h('button', { type: 'button', class: 'secondary', 'data-rotate': key.id, onclick: () => act('Rotating…', async () => {
          const rotated = await call('POST', `${API}/apps/${appId}/keys/${key.id}/rotate`, { grace_seconds: Number(grace.value || 0) });
          return keyShownOnce(appId, rotated.key, `Key “${rotated.name}” rotated: the old one stops after ${Number(grace.value || 0)} s.`);
        }) }, 'Rotate'),
        h('label', { for: `limit-${key.id}` }, 'Limit / min', newLimit),
        h('button', { type: 'button', class: 'secondary', onclick: () => act('Saving the limit…', async () => {
          await call('PATCH', `${API}/apps/${appId}/keys/${key.id}`, { rate_limit_per_minute: newLimit.value ? Number(newLimit.value) : null });
          return h('p', { class: 'notice', role: 'status' }, `Limit of “${key.name}” saved.`);
        }) }, 'Set limit'),
        h('button', { type: 'button', class: 'danger', 'data-revoke': key.id, onclick: () => confirm(`Revoke “${key.name}”? Clients using it stop at once.`) && act('Revoking…', async () => {
          await call('DELETE', `${API}/apps/${appId}/keys/${key.id}`);
          return h('p', { class: 'notice', role: 'status' }, `Key “${key.name}” revoked.`);
        }) }, 'Revoke'));
    }

    fill(listing, load, 'Loading keys…');
    return { title: 'Keys', nav: [appId, 'keys'], body: [h('h1', {}, 'Ingest keys'), form, message, listing] };
  }

  // ---- admin -----------------------------------------------------------------------------------------------

  function adminPage() {
    const message = h('div', { 'aria-live': 'polite' });
    const keys = h('div');
    const users = h('div');
    const act = async (text, action) => {
      replace(message, loading(text));
      try {
        replace(message, await action());
        fill(keys, loadKeys);
        fill(users, loadUsers);
      } catch (error) {
        replace(message, failure(error));
      }
    };
    const name = h('input', { id: 'op-name', required: true, maxlength: 100 });
    const scope = h('select', { id: 'op-scope' }, h('option', { value: 'read' }, 'read'), h('option', { value: 'admin' }, 'admin'));
    const apps = h('input', { id: 'op-apps', placeholder: 'all apps' });
    const form = h('form', { class: 'row', id: 'create-operator-key' },
      h('label', { for: 'op-name' }, 'Key name', name), h('label', { for: 'op-scope' }, 'Scope', scope),
      h('label', { for: 'op-apps' }, 'Only app ids (comma-separated)', apps), h('button', { type: 'submit' }, 'Create operator key'));
    form.addEventListener('submit', event => {
      event.preventDefault();
      act('Creating the key…', async () => {
        const ids = apps.value.split(',').map(value => value.trim()).filter(Boolean).map(Number);
        const created = await call('POST', `${API}/admin/keys`, { name: name.value.trim(), scopes: [scope.value], apps: ids.length ? ids : undefined });
        return h('p', { class: 'notice', role: 'status' }, 'Operator key (shown only now): ', h('span', { class: 'secret' }, created.key));
      });
    });
    const loadKeys = async () => table([
      { title: 'Name', cell: key => key.name }, { title: 'Prefix', cell: key => h('code', {}, key.prefix) },
      { title: 'Scopes', cell: key => key.scopes.join(', ') }, { title: 'Apps', cell: key => (key.apps ? key.apps.join(', ') : 'all') },
      { title: 'State', cell: key => (key.revoked_at ? `revoked ${when(key.revoked_at)}` : 'live') },
      { title: 'Actions', cell: key => (key.revoked_at ? null : h('button', { type: 'button', class: 'danger', onclick: () => act('Revoking…', async () => {
        await call('DELETE', `${API}/admin/keys/${key.id}`);
        return h('p', { class: 'notice', role: 'status' }, `Operator key “${key.name}” revoked.`);
      }) }, 'Revoke')) }], list(await get(`${API}/admin/keys`)));
    const loadUsers = async () => table([
      { title: 'Email', cell: user => user.email }, { title: 'Name', cell: user => user.full_name || '' },
      { title: 'Role', cell: user => user.role }, { title: 'Active', cell: user => (user.is_active ? 'yes' : 'no') },
      { title: 'Actions', cell: user => [
        h('button', { type: 'button', class: 'secondary', onclick: () => act('Saving…', async () => {
          await call('PATCH', `${API}/admin/users/${user.id}`, { role: user.role === 'ADMIN' ? 'USER' : 'ADMIN' });
          return h('p', { class: 'notice', role: 'status' }, `${user.email} saved.`);
        }) }, user.role === 'ADMIN' ? 'Make user' : 'Make admin'),
        ' ',
        user.is_active ? h('button', { type: 'button', class: 'danger', onclick: () => act('Saving…', async () => {
          await call('PATCH', `${API}/admin/users/${user.id}`, { is_active: false });
          return h('p', { class: 'notice', role: 'status' }, `${user.email} deactivated.`);
        }) }, 'Deactivate') : null] }], list(await get(`${API}/admin/users`)));
    fill(keys, loadKeys);
    fill(users, loadUsers);
    return { title: 'Admin', nav: [null, 'admin'], body: [h('h1', {}, 'Operator keys and users'), form, message, h('h2', {}, 'Operator keys'), keys, h('h2', {}, 'Users'), users] };
  }

  render();
})();
