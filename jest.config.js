/** Tests run from TypeScript through ts-jest in transpile-only mode (isolatedModules); `npm test` type-checks with tsc first. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 120000,
  globalSetup: '<rootDir>/test/support/no-type-check-server.ts',
  // Jest's default is one worker less than the cores: one, on the 2-core machines this project runs on.
  // The control-plane suites mostly wait on the API server, so two workers use the machine better.
  maxWorkers: 2,
};
