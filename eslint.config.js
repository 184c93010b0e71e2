// `npm run lint` (part of `npm test`). Two kinds of rules, both cheap to keep and costly to lose:
//  - promises a background job could drop (no-floating-promises, no-misused-promises, await-thenable), checked
//    with the types of the four TypeScript programs (tsconfig*.json);
//  - the import map: the server's layers, the library's independence, the pages' distance from the server and
//    from Node, and no import cycle anywhere. README.md's layout section says the same in words.
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** The server's folders from the top layer down; a file may import its own folder and the layers below it. */
const SERVER_LAYERS = [['routes'], ['auth', 'validation', 'security'], ['http'], ['push'], ['db']];

/** The composition root (index.ts, boot.ts, app.ts, config.ts, ...) wires every layer; none imports it. */
const SERVER_ROOT = './server/*.ts';

function serverLayerZones() {
  const zones = [];
  SERVER_LAYERS.forEach((layer, rank) => {
    const above = SERVER_LAYERS.slice(0, rank).flat();
    for (const folder of layer) {
      const siblings = layer.filter((other) => other !== folder);
      const forbidden = [...above, ...siblings, 'testing'];
      zones.push({
        target: `./server/${folder}`,
        from: forbidden.map((name) => `./server/${name}`),
        message: `server/${folder}/ may import only ${[folder, ...SERVER_LAYERS.slice(rank + 1).flat()].join(', ')} (layers: routes -> auth | validation | security -> http -> push -> db; see README "Layout")`,
      });
      zones.push({
        target: `./server/${folder}`,
        from: SERVER_ROOT,
        message: `server/${folder}/ must not import the composition root (server/*.ts): pass what it needs in`,
      });
    }
  });
  zones.push({
    target: SERVER_ROOT,
    from: './server/testing',
    message: 'server/testing/ is test support: only tests import it',
  });
  return zones;
}

const APP_FOLDERS = ['server', 'web', 'push-service', 'e2e', 'bench', 'scripts', 'examples'];

const NODE_GLOBALS = [
  'process',
  'Buffer',
  'global',
  '__dirname',
  '__filename',
  'require',
  'setImmediate',
].map((name) => ({ name, message: `${name} is Node's; the pages and the service worker run in a browser` }));

/** Files in web/ that run in Node: Vite plugins, the icon rasterizer, and the tests (Vitest runs in Node). */
const WEB_NODE_FILES = [
  'web/icons/files.ts',
  'web/icons/rasterize.ts',
  'web/icons/vite-plugin-web-app.ts',
  'web/vite-plugin-service-worker.ts',
  'web/**/*.test.ts',
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'playwright-report/**', 'test-results/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: {
        project: ['./tsconfig.json', './tsconfig.web.json', './tsconfig.sw.json', './tsconfig.e2e.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { '@typescript-eslint': tseslint.plugin, 'import-x': importX },
    settings: {
      // Without these, import-x reads no .ts dependency and no-cycle sees no cycle.
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.d.ts', '.js', '.mjs', '.json'],
          conditionNames: ['webpush-source', 'types', 'import', 'node', 'default'],
        }),
      ],
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // The server's layers; tests and test support may reach anywhere (they boot the whole server).
    files: ['server/**/*.ts'],
    ignores: ['**/*.test.ts', 'server/testing/**'],
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: serverLayerZones() }],
    },
  },
  {
    // SQL lives in the stores (server/db/): nothing else builds queries or names tables.
    files: ['server/**/*.ts'],
    ignores: ['server/db/**', '**/*.test.ts', 'server/testing/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'drizzle-orm', message: 'queries live in the stores, server/db/*-store.ts' },
            { name: 'better-sqlite3', message: 'the database is opened by server/db/client.ts only' },
          ],
          patterns: [
            { regex: '^drizzle-orm/', message: 'queries live in the stores, server/db/*-store.ts' },
            {
              regex: '(^|/)db/schema\\.ts$',
              message: 'use a store (server/db/*-store.ts) and the row types it exports, not the schema',
            },
          ],
        },
      ],
    },
  },
  {
    // The library is published on its own: it imports nothing from the app around it. (Its conformance
    // harness, which is not published, runs examples/cloudflare-worker on workerd.)
    files: ['shared/webpush/**/*.ts'],
    ignores: ['shared/webpush/conformance/**'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './shared/webpush',
              from: [...APP_FOLDERS.map((folder) => `./${folder}`)],
              message: 'shared/webpush/ is the library: it imports nothing from the app',
            },
            {
              target: './shared/webpush',
              from: './shared/*.ts',
              message: "shared/webpush/ is the library: the app's shared types are not its",
            },
          ],
        },
      ],
    },
  },
  {
    // The pages and the service worker: no server code (the typed client's `import type` in web/api.ts aside)
    // and nothing of Node's.
    files: ['web/**/*.ts'],
    ignores: WEB_NODE_FILES,
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './web',
              from: ['./server', './push-service', './e2e', './bench', './scripts'],
              message:
                'web/ runs in the browser: it imports no server code (web/api.ts imports only the type AppType)',
            },
          ],
        },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [{ regex: '^node:', message: "web/ runs in the browser: Node's modules are not there" }],
        },
      ],
      'no-restricted-globals': ['error', ...NODE_GLOBALS],
    },
  },
  {
    // Hono's typed client needs the server's route types, and only them.
    files: ['web/api.ts'],
    rules: {
      'import-x/no-restricted-paths': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^node:', message: "web/ runs in the browser: Node's modules are not there" },
            {
              regex: '(^|/)server/',
              allowTypeImports: true,
              message: 'web/api.ts may import only types from the server (AppType for the typed client)',
            },
          ],
        },
      ],
    },
  },
);
