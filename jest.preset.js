// Shared Jest settings for every project: TypeScript through swc (type checking is `npm run typecheck`),
// tsconfig path aliases through Nx's resolver, and a reporter that records pass/fail counts for CI.
const path = require('node:path');
const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  reporters: ['default', path.join(__dirname, 'tools/jest/count-reporter.js')],
};
