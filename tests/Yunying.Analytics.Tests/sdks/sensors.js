'use strict';
// Sends a fixed set of records through the real sa-sdk-node SDK in two batches of four, then exits.
// Usage: node sensors.js <host> <write key>. Exit code 1 when the SDK reports a delivery error.
const SensorsAnalytics = require('sa-sdk-node');

const [host, token] = process.argv.slice(2);
const sa = new SensorsAnalytics();
const submitter = sa.submitTo({ url: `${host}/sa?project=default&token=${encodeURIComponent(token)}`, gzip: true, timeout: 10000 }, { count: 4 });
let batches = 0;
submitter.subscribe(
  () => {
    batches += 1;
    if (batches === 2) {
      process.exit(0);
    }
  },
  (error) => {
    console.error('sa-sdk-node error:', error && error.message ? error.message : error);
    process.exit(1);
  });
setTimeout(() => {
  console.error('sa-sdk-node: timed out waiting for the server');
  process.exit(2);
}, 30000).unref();

const hourAgo = new Date(Date.now() - 3600 * 1000);
sa.track('sa-user-1', 'ViewProduct', { price: 9.9, quantity: 2, vip: true, tags: ['x', 'y'], $time: hourAgo });
sa.trackSignup('sa-user-1', 'sa-anon-1', { channel: 'wechat' });
sa.profileSet('sa-user-1', { city: 'Hangzhou', age: 30 });
sa.profileSetOnce('sa-user-1', { first_channel: 'wechat' });
sa.profileIncrement('sa-user-1', { points: 5 });
sa.profileAppend('sa-user-1', { interests: ['books'] });
sa.profileUnset('sa-user-1', ['age']);
sa.track('sa-user-2', 'AppStart', {});
