import type { Plugin } from 'vite';
import { webAppFiles, type WebAppFile } from './files.ts';

/**
 * Serves (dev) and emits (build) the manifest and the icons at fixed URLs: the manifest names its icons by
 * path, and the pages link both, so neither may carry a content hash.
 */
export function webAppPlugin(): Plugin {
  const files = new Map(webAppFiles().map((file) => [file.path, file]));
  const rendered = new Map<string, Promise<string | Uint8Array>>();
  const render = (file: WebAppFile) => {
    let output = rendered.get(file.path);
    if (!output) rendered.set(file.path, (output = file.render()));
    return output;
  };
  return {
    name: 'webpush-web-app',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const file = files.get(req.url?.split('?')[0] ?? '');
        if (!file) return next();
        render(file).then((body) => {
          res.setHeader('Content-Type', file.contentType);
          res.setHeader('Cache-Control', 'no-cache');
          res.end(body);
        }, next);
      });
    },
    async generateBundle() {
      for (const file of files.values()) {
        this.emitFile({ type: 'asset', fileName: file.path.slice(1), source: await render(file) });
      }
    },
  };
}
