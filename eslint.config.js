// Lint rules that carry the architecture (docs/decisions, README "How it works"): core imports only
// core, the formatter sees only core types, bot stays platform-neutral, no import cycles, small files.
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const restrict = (regex, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ regex, message }] }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'coverage/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      'import-x/no-cycle': ['error', { maxDepth: 8 }],
      'import-x/no-default-export': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
      // Text cleaning matches control characters on purpose.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'read configuration in src/config.ts only' }],
    },
  },
  { files: ['src/**/*.ts'], rules: { 'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }] } },
  {
    files: ['src/core/**/*.ts'],
    rules: restrict('^(?!\\./)', 'core is pure: it imports only core'),
  },
  {
    files: ['src/format/**/*.ts'],
    rules: restrict('^(?!\\./|\\.\\./core/)', 'the formatter sees only core types and itself'),
  },
  {
    files: ['src/bot/**/*.ts'],
    rules: restrict('^(\\.\\./(platforms|store|sources|app)|grammy|discord\\.js|better-sqlite3|rss-parser|node-cron)', 'bot is platform-neutral and reaches storage through ports'),
  },
  { files: ['src/config.ts', 'src/cli.ts', 'tests/**/*.ts', 'bench/**/*.ts'], rules: { 'no-restricted-syntax': 'off' } },
  { files: ['bin/**/*.mjs'], languageOptions: { globals: { process: 'readonly' } } },
  { files: ['vitest.config.ts', 'eslint.config.js'], rules: { 'import-x/no-default-export': 'off' } },
);
