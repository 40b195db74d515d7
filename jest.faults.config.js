/**
 * `npm run test:faults`: the fault tests in test/faults/ — workers started from dist/ and killed or stopped,
 * Twilio misbehaving, PostgreSQL restarted under the API — each against a redis-server of its own. One file at a time: they load the machine.
 */
import base from './jest.config.js';

export default {
  ...base,
  roots: ['<rootDir>/test/faults'],
  testRegex: '.*\\.fault-spec\\.ts$',
  testTimeout: 1_200_000,
  maxWorkers: 1,
};
