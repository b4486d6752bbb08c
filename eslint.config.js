// Lint rules: typescript-eslint recommended, plus the smells STYLE.md §10 names that a linter can see.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'secrets_quickstart/local/**', '**/*.js', '**/*.cjs', '**/*.mjs', '**/static/vendor/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['**/test/**/*.ts'],
    rules: { 'no-restricted-properties': ['error', { object: 'test', property: 'only' }, { object: 'describe', property: 'only' }, { object: 'it', property: 'only' }] },
  },
);
