import type { Config } from 'jest';

// One Jest run for the whole monorepo: `npm test` runs every suite below.
// NestJS 12, @nestjs/cqrs 12 and uuid 14 ship as ES modules only, so they are transpiled too.
const swc: [string, Record<string, unknown>] = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/projections'],
  testMatch: ['**/*.spec.ts', '**/*.e2e.ts'],
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|uuid)/)'],
  moduleNameMapper: {
    '^@skype-manager/(domain|event-store|read-store|application|testing|audit)$': '<rootDir>/libs/$1/src/index.ts',
    '^@skype-manager/projections$': '<rootDir>/projections/src/index.ts',
    '^@skype-manager/(api|projector|cli)$': '<rootDir>/apps/$1/src/index.ts',
  },
  testTimeout: 30_000,
  maxWorkers: 2,
};

export default config;
