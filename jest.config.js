/** Jest runs the TypeScript sources as ES modules (Nest 12 is ESM-only); see README "Tests". */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // Its ES build imports JSON without an import attribute, which Jest 30 warns about at every import.
    '^libphonenumber-js$': '<rootDir>/node_modules/libphonenumber-js/index.cjs',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.jest.json' }],
  },
  globalSetup: '<rootDir>/test/support/global-setup.cjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.cjs',
  setupFilesAfterEnv: ['<rootDir>/test/support/pg-one-query-at-a-time.ts'],
  testTimeout: 60000,
  maxWorkers: 2,
  // No forceExit: every file closes what it opens (--detectOpenHandles finds nothing), so Jest ends on its own. A
  // worker that ran many files takes a while to exit, though (340-530 ms measured on a loaded 2-core machine,
  // against Jest's 500 ms default before it kills it with a "failed to exit gracefully" warning).
  workerGracefulExitTimeout: 5000,
};
