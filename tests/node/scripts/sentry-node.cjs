// @sentry/node reports to the DSN given as the first argument, exactly as an application would; prints
// the ids the SDK gave its events and the status of every envelope it sent, as JSON.
const Sentry = require('@sentry/node');

const dsn = process.argv[2];
const statuses = [];

Sentry.init({
  dsn,
  release: 'shop@2.0.0',
  environment: 'production',
  transport: options => {
    const inner = Sentry.makeNodeTransport(options);
    return { ...inner, send: async envelope => { const answer = await inner.send(envelope); statuses.push(answer?.statusCode ?? 0); return answer; } };
  },
});

(async () => {
  Sentry.setUser({ id: 'u-42', email: 'ada@example.com' });
  Sentry.setTag('region', 'eu-west');
  const ids = {};
  try {
    const order = null;
    order.total += 1;
  } catch (error) {
    ids.typeError = Sentry.captureException(error);
  }
  ids.message = Sentry.captureMessage('disk almost full', 'warning');
  Sentry.withScope(scope => {
    scope.setFingerprint(['payments', 'card-declined']);
    ids.fingerprinted = Sentry.captureException(new Error('card declined'));
  });
  const flushed = await Sentry.flush(15000);
  await Sentry.close(5000);
  console.log(JSON.stringify({ flushed, ids, statuses }));
})().catch(error => { console.error(error); process.exit(1); });
