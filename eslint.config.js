// Lint rules that carry the architecture (README "How it works"): core imports only core, and its
// rooms only through their doors; the formatter sees only core types, bot stays platform-neutral,
// named exports, small files. Import cycles (of files and of core's rooms) are checked by
// tests/architecture/boundaries.test.ts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
// Outside core, a room of core is entered only through its door, core/<room>/index.ts.
const doors = {
  regex: '(^|/)core/([^/]+\\.ts|[^/]+/(?!index\\.ts$).+)$',
  message: 'import a core room only through its door, core/<room>/index.ts',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'coverage/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
      // Text cleaning matches control characters on purpose.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'read configuration in src/config.ts only' },
        { selector: 'ExportDefaultDeclaration', message: 'named exports only' },
      ],
    },
  },
  // Small modules: at most 400 lines per file (every line counts) and 80 lines per function (code
  // lines). Warnings until every owner's files fit; then errors.
  {
    files: ['src/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 400 }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  { files: ['src/**/*.ts', 'tests/**/*.ts', 'bench/**/*.ts'], rules: restrict(doors) },
  {
    // Core is rooms by subject (core/<room>/): inside a room files import each other; across rooms
    // only the door; nothing outside core. The room graph stays acyclic (boundaries test).
    files: ['src/core/**/*.ts'],
    rules: restrict(
      { regex: '^(?!\\.\\.?/)|^\\.\\./\\.\\./', message: 'core is pure: it imports only core' },
      { regex: '^\\.\\./(?!\\.\\./)[^/]+/(?!index\\.ts$)', message: 'across core rooms, import only the door, ../<room>/index.ts' },
      { regex: '^\\./index\\.ts$', message: 'inside a room, import the file itself, not its own door' },
    ),
  },
  {
    files: ['src/lib/**/*.ts'],
    rules: restrict({ regex: '^(?!\\./|node:)', message: 'lib knows nothing of kilas: it imports only lib and Node' }),
  },
  {
    files: ['src/format/**/*.ts'],
    rules: restrict({ regex: '^(?!\\./|\\.\\./core/)', message: 'the formatter sees only core types and itself' }, doors),
  },
  {
    files: ['src/format/wording/**/*.ts'],
    rules: restrict({ regex: '^(?!\\./|\\.\\./[^.])', message: 'a wording table sees only the formatter' }),
  },
  {
    files: ['src/bot/**/*.ts'],
    rules: restrict(
      { regex: '^(\\.\\./(platforms|sources|app)|\\.\\./store/(?!ports\\.ts$)|grammy|discord\\.js|better-sqlite3|rss-parser|node-cron)', message: 'bot is platform-neutral and reaches storage through ports' },
      doors,
    ),
  },
  { files: ['src/config.ts', 'src/cli.ts', 'tests/**/*.ts', 'bench/**/*.ts'], rules: { 'no-restricted-syntax': 'off' } },
  { files: ['bin/**/*.mjs'], languageOptions: { globals: { process: 'readonly' } } },
  { files: ['vitest.config.ts', 'eslint.config.js'], rules: { 'no-restricted-syntax': 'off' } },
);
