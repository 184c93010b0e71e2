// Builds the package into dist/: tsc for the JavaScript and .d.ts files, then esbuild for the encrypt worker's
// single-file bundle (EncryptPool starts its threads from it, so the published package needs no esbuild).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
rmSync(join(here, 'dist'), { recursive: true, force: true });
execFileSync(
  process.execPath,
  [require.resolve('typescript/bin/tsc'), '-p', join(here, 'tsconfig.build.json')],
  {
    stdio: 'inherit',
  },
);
const { build } = await import('esbuild');
await build({
  entryPoints: [join(here, 'encrypt-worker.ts')],
  outfile: join(here, 'dist/encrypt-worker.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  conditions: ['webpush-source'],
  logLevel: 'warning',
});
