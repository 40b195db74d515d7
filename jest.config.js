/** Jest runs the TypeScript sources as ES modules (Nest 12 is ESM-only); see README "Tests". */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.jest.json' }],
  },
  globalSetup: '<rootDir>/test/support/global-setup.cjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.cjs',
  setupFilesAfterEnv: ['<rootDir>/test/support/pg-one-query-at-a-time.ts'],
  testTimeout: 60000,
  maxWorkers: 2,
  // A leaked handle (a socket a failed test never closed) must not hold CI until its time limit.
  forceExit: true,
};
