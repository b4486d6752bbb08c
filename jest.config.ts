/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';
import { readdirSync, existsSync } from 'node:fs';

const swc: [string, Record<string, unknown>] = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'es6' },
  },
];

function project(dir: string): Config {
  return {
    displayName: dir,
    rootDir: `<rootDir>/${dir}`,
    testEnvironment: 'node',
    testEnvironmentOptions: { customExportConditions: ['source', 'node'] },
    extensionsToTreatAsEsm: ['.ts'],
    transform: { '^.+\\.ts$': swc },
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    testMatch: ['<rootDir>/test/**/*.test.ts'],
  };
}

const dirs = ['packages', 'services']
  .flatMap((top) => (existsSync(top) ? readdirSync(top).map((d) => `${top}/${d}`) : []))
  .concat(['e2e'])
  .filter((d) => existsSync(`${d}/test`));

const config: Config = {
  rootDir: '.',
  projects: dirs.map(project),
  globalSetup: existsSync('test-support/global-setup.ts') ? '<rootDir>/test-support/global-setup.ts' : undefined,
};
export default config;
