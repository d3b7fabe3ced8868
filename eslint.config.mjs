import nx from '@nx/eslint-plugin';

const pureLibBannedImports = [
  '@aws-sdk/*',
  'fastify',
  'fastify-*',
  '@fastify/*',
  'pino',
  'pino-*',
  '@tensorflow/*',
  's3rver',
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/tmp', '**/node_modules', '**/coverage', 'data/**', '**/fixtures/**', '.nx/**'],
  },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            // Apps may use any library, never another app.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            // Repository tooling (the npm start pipeline, workspace checks) may use libraries, never apps.
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:lib'] },
            // The AWS CDK app (apps/infra) stands alone: it imports no project, and no tag allows importing it.
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: [] },
            // Pure libraries: plain data in, plain data out; no I/O, no frameworks.
            {
              sourceTag: 'scope:pure',
              onlyDependOnLibsWithTags: ['scope:pure'],
              bannedExternalImports: pureLibBannedImports,
            },
            { sourceTag: 'scope:io', onlyDependOnLibsWithTags: ['scope:pure', 'scope:io'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.spec.ts', 'tools/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
];
