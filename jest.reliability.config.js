/**
 * Reliability suite (`npm run test:reliability`): the built api runs as a separate process on an embedded PostgreSQL,
 * so it can be killed (kill -9) and its database stopped. The files run one after the other (timings matter).
 */
const moduleNameMapper = {
  '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src',
  '^@app/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
};

module.exports = {
  rootDir: __dirname,
  displayName: 'reliability',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  testMatch: ['<rootDir>/test/reliability/**/*.rel-spec.ts'],
  globalSetup: '<rootDir>/test/reliability/global-setup.ts',
  globalTeardown: '<rootDir>/test/reliability/global-teardown.ts',
  maxWorkers: 1,
  testTimeout: 180000,
};
