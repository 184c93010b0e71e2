import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'vite';

/**
 * Serves and emits the service worker as one classic script at `/sw.js`.
 *
 * A service worker registered at the site root needs a stable URL (no hash), and Firefox cannot run module
 * service workers everywhere, so the worker is bundled on its own into an IIFE: a single file with no
 * `import` at runtime. Bundling it separately (instead of as a third input of the page build) also keeps code
 * it shares with the pages from being split into a chunk that the worker would have to import.
 */
export function serviceWorkerPlugin(options: { entry: URL; fileName?: string }): Plugin {
  const entry = fileURLToPath(options.entry);
  const fileName = options.fileName ?? 'sw.js';
  return {
    name: 'webpush-service-worker',
    configureServer(server) {
      // Dev: bundle on every request so edits show up on the next registration update check.
      // Connect ignores a handler's promise: a failed bundle goes to next() here, or it would be lost.
      server.middlewares.use((req, res, next) => {
        if (req.url?.split('?')[0] !== `/${fileName}`) return next();
        bundleServiceWorker(entry, { minify: false })
          .then((code) => {
            res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
            res.setHeader('Cache-Control', 'no-cache');
            res.end(code);
          })
          .catch(next);
      });
    },
    async generateBundle() {
      const code = await bundleServiceWorker(entry, { minify: true });
      this.emitFile({ type: 'asset', fileName, source: code });
    },
  };
}

/** Bundles `entry` into one IIFE script and returns its code. */
export async function bundleServiceWorker(entry: string, options: { minify: boolean }): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    build: {
      write: false,
      emptyOutDir: false, // never touch the page build's output
      minify: options.minify,
      sourcemap: false,
      copyPublicDir: false,
      modulePreload: false,
      rolldownOptions: {
        input: entry,
        output: { format: 'iife', entryFileNames: 'sw.js' },
      },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  for (const output of outputs) {
    if (!('output' in output)) continue;
    const chunk = output.output.find((item) => item.type === 'chunk' && item.isEntry);
    if (chunk?.type === 'chunk') return chunk.code;
  }
  throw new Error(`service worker bundle of ${entry} produced no entry chunk`);
}
