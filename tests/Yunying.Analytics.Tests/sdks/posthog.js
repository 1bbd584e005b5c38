'use strict';
// Sends a fixed set of events through the real posthog-node SDK, then flushes and exits.
// Usage: node posthog.js <host> <api key>. Exit code 1 when the SDK reports a delivery error.
const { PostHog } = require('posthog-node');

const [host, apiKey] = process.argv.slice(2);
const client = new PostHog(apiKey, { host, flushAt: 100, flushInterval: 60000, fetchRetryCount: 0, disableGeoip: true });
let failed = false;
client.on('error', (error) => {
  failed = true;
  console.error('posthog-node error:', error && error.message ? error.message : error);
});

const hourAgo = new Date(Date.now() - 3600 * 1000);
client.capture({
  distinctId: 'ph-user-1',
  event: 'purchase',
  uuid: '01890a5d-ac96-774b-bcce-b302099a8057',
  timestamp: hourAgo,
  properties: { amount: 12.5, quantity: 3, paid: true, tags: ['a', 'b'], meta: { k: 'v', n: 1 }, nothing: null, at: '2024-05-01T10:00:00.000Z', $set: { plan: 'pro' } },
});
client.capture({ distinctId: 'ph-user-1', event: 'from_the_future', timestamp: new Date(Date.now() + 3 * 24 * 3600 * 1000) });
client.identify({ distinctId: 'ph-user-1', properties: { $set: { email: 'ph@example.com' }, $anon_distinct_id: 'ph-anon-1' } });
client.alias({ distinctId: 'ph-user-1', alias: 'ph-alias-1' });
client.groupIdentify({ groupType: 'company', groupKey: 'acme', distinctId: 'ph-user-1', properties: { seats: 10 } });
client.capture({ distinctId: 'undefined', event: 'placeholder_person' });

client.shutdown(10000).then(
  () => process.exit(failed ? 1 : 0),
  (error) => {
    console.error('posthog-node shutdown failed:', error);
    process.exit(1);
  });
