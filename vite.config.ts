import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { webAppPlugin } from './web/icons/vite-plugin-web-app.ts';
import { serviceWorkerPlugin } from './web/vite-plugin-service-worker.ts';

// The API server the dev proxy forwards to (`npm run dev` starts both).
const apiPort = process.env.API_PORT ?? '3000';

export default defineConfig({
  root: 'web',
  publicDir: false,
  plugins: [serviceWorkerPlugin({ entry: new URL('./web/sw.ts', import.meta.url) }), webAppPlugin()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    rolldownOptions: {
      input: {
        main: fileURLToPath(new URL('./web/index.html', import.meta.url)),
        admin: fileURLToPath(new URL('./web/admin/index.html', import.meta.url)),
      },
      output: {
        // Neutral names for code and CSS shared by both pages (otherwise named after some module inside).
        chunkFileNames: 'assets/shared-[hash].js',
        assetFileNames: (asset) =>
          asset.names.some((name) => name.endsWith('.css'))
            ? 'assets/styles-[hash][extname]'
            : 'assets/[name]-[hash][extname]',
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      // '/api/' with the slash: a bare '/api' prefix would also swallow the module /api.ts.
      '/api/': { target: `http://127.0.0.1:${apiPort}`, changeOrigin: false },
    },
  },
});
