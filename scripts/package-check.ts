// `npm run test:package`: the package as a user gets it. `npm pack` shared/webpush, install the tarball in an
// empty folder outside the checkout, then: plain node imports it and sends a push that decrypts; so do Bun,
// Deno and workerd (a Worker bundled from the installed package, whose minified size is printed); a .ts file
// type-checks against its .d.ts files without @types/node (and the Node entry with it); `npx webpush --help`
// exits 0 and the CLI sends too. Every push goes to a local HTTP sink and is decrypted and its VAPID JWT
// verified here. Exits 1 on the first failure.
import { mkdtemp, copyFile, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decrypt } from '../shared/webpush/index.ts';
import {
  bundle,
  run,
  runScript,
  serveWorker,
  type RunResult,
} from '../shared/webpush/conformance/runtimes.ts';
import {
  makeSubscription,
  parseVapidAuthorization,
  startPushSink,
  verifyJwt,
} from '../shared/webpush/test-helpers.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
const fixtures = fileURLToPath(new URL('./package-check/', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const started = Date.now();
const step = (text: string) =>
  console.log(`package-check [${((Date.now() - started) / 1000).toFixed(1)} s] ${text}`);

function must(result: RunResult, what: string): RunResult {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  return result;
}

const dir = await mkdtemp(join(tmpdir(), 'webpush-package-check-'));
const sink = await startPushSink((_push, res) => {
  res.writeHead(201, { location: '/message/1' });
  res.end();
});
let failed = false;
try {
  step(`npm pack (builds dist/) into ${dir}`);
  const packed = must(
    await run(npm, ['pack', '--silent', '--pack-destination', dir], { cwd: join(repo, 'shared/webpush') }),
    'npm pack',
  );
  const tarball = join(dir, packed.stdout.trim().split('\n').pop()!);
  const app = join(dir, 'app');
  await run('mkdir', ['-p', app]);
  await writeFile(join(app, 'package.json'), '{ "name": "app", "private": true, "type": "module" }\n');
  step(`npm install ${tarball.split('/').pop()} in an empty folder`);
  must(
    await run(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: app }),
    'npm install',
  );
  for (const file of ['send.mjs', 'worker.mjs', 'usage.ts', 'usage-node.ts'])
    await copyFile(join(fixtures, file), join(app, file));

  /** One subscription per runtime; the push it gets must decrypt and carry a JWT that verifies. */
  const expectDelivered = (name: string, output: string, backends: string) => {
    if (!output.includes(`SENT 201 ${backends}`))
      throw new Error(`${name}: expected "SENT 201 ${backends}", got: ${output}`);
    const push = sink.received.find((p) => p.url === `/push/${name}`);
    if (!push) throw new Error(`${name}: nothing arrived at the sink`);
    const { t, k } = parseVapidAuthorization(push.headers.authorization);
    const claims = verifyJwt(t, k);
    if (claims.sub !== 'mailto:package-check@example.com')
      throw new Error(`${name}: JWT sub ${String(claims.sub)}`);
    const text = decrypt(push.body, receivers.get(name)!).toString();
    if (text !== '{"title":"from the installed package"}') throw new Error(`${name}: decrypted "${text}"`);
    step(`${name}: sent, 201, the body decrypts and the JWT verifies (${backends})`);
  };
  const receivers = new Map<string, { privateKey: Buffer; auth: Buffer }>();
  const subscriptionFor = (name: string) => {
    const { subscription, receiver } = makeSubscription(`${sink.origin}/push/${name}`);
    receivers.set(name, receiver);
    return JSON.stringify(subscription);
  };

  for (const [runtime, backends] of [
    ['node', 'node:crypto/undici'],
    ['bun', 'node:crypto/fetch'],
    ['deno', 'webcrypto/fetch'],
  ] as const) {
    const result = must(
      await runScript(runtime, 'send.mjs', [subscriptionFor(runtime)], { cwd: app }),
      runtime,
    );
    expectDelivered(runtime, result.stdout, backends);
  }

  const workerFile = join(app, 'worker.bundle.js');
  await bundle('workerd', join(app, 'worker.mjs'), workerFile);
  const worker = await serveWorker(workerFile);
  try {
    const answer = await fetch(
      `${worker.origin}/?subscription=${encodeURIComponent(subscriptionFor('workerd'))}`,
    );
    expectDelivered('workerd', `${await answer.text()}\n${worker.output()}`, 'webcrypto/fetch');
  } finally {
    await worker.stop();
  }

  await copyFile(join(repo, 'examples/cloudflare-worker/src/worker.ts'), join(app, 'example-worker.ts'));
  const bytes = await bundle('workerd', join(app, 'example-worker.ts'), join(app, 'example.min.js'), {
    minify: true,
  });
  const source = await readFile(join(app, 'example.min.js'), 'utf8');
  if (/["']node:/.test(source)) throw new Error('the Workers bundle refers to a node: module');
  if (bytes > 30 * 1024) throw new Error(`the Workers bundle is ${bytes} bytes, over the 30 KB budget`);
  step(
    `examples/cloudflare-worker bundled from the package for workerd, minified: ${(bytes / 1024).toFixed(1)} KB`,
  );

  const tsc = join(repo, 'node_modules/typescript/bin/tsc');
  const compilerOptions = {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    lib: ['ES2023', 'DOM'],
  };
  await writeFile(
    join(app, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { ...compilerOptions, types: [] }, files: ['usage.ts'] }),
  );
  await writeFile(
    join(app, 'tsconfig.node.json'),
    JSON.stringify({
      compilerOptions: {
        ...compilerOptions,
        types: ['node'],
        typeRoots: [join(repo, 'node_modules/@types')],
      },
      files: ['usage-node.ts'],
    }),
  );
  must(
    await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: app }),
    'tsc (portable entry, no @types/node)',
  );
  must(await run(process.execPath, [tsc, '-p', 'tsconfig.node.json'], { cwd: app }), 'tsc (Node entry)');
  step('usage.ts type-checks without @types/node, usage-node.ts with it (skipLibCheck off)');

  const help = must(
    await run(npm, ['exec', '--no', '--', 'webpush', '--help'], { cwd: app }),
    'npx webpush --help',
  );
  if (!help.stdout.includes('Usage: webpush')) throw new Error(`npx webpush --help printed: ${help.stdout}`);
  must(
    await run(npm, ['exec', '--no', '--', 'webpush', '--gen-keys', '--key', 'key.pem'], { cwd: app }),
    'webpush --gen-keys',
  );
  await writeFile(join(app, 'subscription.json'), subscriptionFor('cli'));
  await writeFile(join(app, 'data.json'), '{"title":"from the installed package"}');
  await writeFile(join(app, 'claims.json'), '{"sub":"mailto:package-check@example.com"}');
  const cli = must(
    await run(
      npm,
      [
        'exec',
        '--no',
        '--',
        'webpush',
        '--info',
        'subscription.json',
        '--data',
        'data.json',
        '--claims',
        'claims.json',
        '--key',
        'key.pem',
      ],
      { cwd: app },
    ),
    'webpush --info ...',
  );
  expectDelivered('cli', cli.stdout.replace('201 sent', 'SENT 201 node:crypto/undici'), 'node:crypto/undici');
  step('npx webpush --help exits 0; --gen-keys and a send work with plain node');
  console.log('package-check: 1 passed, 0 failed');
} catch (error) {
  failed = true;
  console.error(`package-check failed: ${(error as Error).message}`);
} finally {
  await sink.close();
  await rm(dir, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
