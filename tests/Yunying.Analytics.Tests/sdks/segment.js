'use strict';
// Sends a fixed set of calls through the real @segment/analytics-node SDK, then flushes and exits.
// Usage: node segment.js <host> <write key>. Exit code 1 when the SDK reports a delivery error.
const { Analytics } = require('@segment/analytics-node');

const [host, writeKey] = process.argv.slice(2);
const analytics = new Analytics({ writeKey, host, flushAt: 100, flushInterval: 60000, maxRetries: 0 });
let failed = false;
analytics.on('error', (error) => {
  failed = true;
  console.error('analytics-node error:', error && error.reason ? error.reason : error);
});

const hourAgo = new Date(Date.now() - 3600 * 1000);
analytics.identify({ userId: 'seg-user-1', anonymousId: 'seg-anon-1', traits: { email: 'seg@example.com', age: 30 } });
analytics.track({
  userId: 'seg-user-1',
  event: 'Order Completed',
  messageId: 'seg-message-1',
  timestamp: hourAgo,
  properties: { revenue: 99.5, items: 2, coupon: false, skus: ['s1', 's2'], shipping: { city: 'Shanghai' }, gift: null },
});
analytics.page({ anonymousId: 'seg-anon-2', name: 'Home', properties: { url: 'https://example.com/' } });
analytics.screen({ userId: 'seg-user-1', name: 'Settings' });
analytics.group({ userId: 'seg-user-1', groupId: 'acme', traits: { plan: 'enterprise' } });
analytics.alias({ userId: 'seg-user-1', previousId: 'seg-old-1' });

analytics.closeAndFlush({ timeout: 10000 }).then(
  () => process.exit(failed ? 1 : 0),
  (error) => {
    console.error('analytics-node flush failed:', error);
    process.exit(1);
  });
