/**
 * `npm run test:faults`: every fault test of the README's table. The ones in test/faults/ — workers started from
 * dist/ and killed or stopped, Twilio misbehaving, PostgreSQL restarted — each against a redis-server of its own;
 * and the specs of `npm test` that cover the other faults (a Redis outage, bad input, security), run from where
 * they are so that `npm test` keeps them. One file at a time: they load the machine.
 */
import base from './jest.config.js';

// testMatch instead of the base's testRegex (Jest takes one of them).
const { testRegex: _regex, ...shared } = base;

/** Fault tests that are also part of `npm test`. */
const FAULT_SPECS_IN_NPM_TEST = [
  'redis-outage.e2e-spec.ts',
  'fuzz-mutations.e2e-spec.ts',
  'input-fuzz.e2e-spec.ts',
  'sms-fuzz.e2e-spec.ts',
  'graphql-limits.e2e-spec.ts',
  'security.e2e-spec.ts',
];

export default {
  ...shared,
  roots: ['<rootDir>/test'],
  testMatch: [
    '<rootDir>/test/faults/**/*.fault-spec.ts',
    ...FAULT_SPECS_IN_NPM_TEST.map((file) => `<rootDir>/test/${file}`),
  ],
  testTimeout: 1_200_000,
  maxWorkers: 1,
};
