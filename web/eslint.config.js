import pluginVue from 'eslint-plugin-vue'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'e2e/screenshots/**', 'src/components.d.ts'] },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/essential'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    rules: {
      'vue/multi-word-component-names': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Pages call the typed client (src/api/client.ts, generated from data/api); request() with a
    // path of their own would escape the API's schemas. Only the client sends through it.
    files: ['src/**/*.ts', 'src/**/*.vue'],
    ignores: ['src/api/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)api$', importNames: ['request'],
        message: 'Call the typed client (import { api } from \'../api/client\'), not request() with a path of its own.' }] }],
    },
  },
  {
    files: ['mock/**/*.mjs', 'e2e/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', structuredClone: 'readonly', fetch: 'readonly' } },
  },
)
