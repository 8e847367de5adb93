// @sentry/node reports the common scenario to the DSN given as the first argument, exactly as an
// application would; prints the SDK's event ids and the status of every envelope it sent, as JSON.
const Sentry = require('@sentry/node');
const { reportScenario } = require('../lib/sentry-scenario.cjs');

(async () => {
  const result = await reportScenario(Sentry, Sentry.makeNodeTransport,
    { dsn: process.argv[2], release: 'shop@2.0.0', environment: 'production' },
    { id: 'u-42', email: 'ada@example.com' });
  await Sentry.close(5000);
  console.log(JSON.stringify(result));
})().catch(error => { console.error(error); process.exit(1); });
