// The one scenario every Sentry SDK test plays: a user and a tag, a TypeError, a message at warning and an
// error with its own fingerprint; then a flush. Runs in Node as it is, and in a page, where its source is
// inlined (so it uses nothing from outside its arguments). Resolves to the SDK's event ids and the status
// of every envelope the SDK sent.
async function reportScenario(Sentry, makeTransport, options, user) {
  const statuses = [];
  Sentry.init({
    ...options,
    transport: transportOptions => {
      const inner = makeTransport(transportOptions);
      return { ...inner, send: async envelope => { const answer = await inner.send(envelope); statuses.push(answer?.statusCode ?? 0); return answer; } };
    },
  });
  Sentry.setUser(user);
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
  return { flushed, ids, statuses };
}

module.exports = { reportScenario };
