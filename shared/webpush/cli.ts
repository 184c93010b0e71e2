import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { WebPushError, WebPushValidationError } from './errors.ts';
import { generateVapidKeys, loadVapidKey } from './keys.ts';
import { proxyInEnvironment } from './proxy-node.ts';
import { DEFAULT_TTL } from './push-options.ts';
import { CONTENT_ENCODINGS, type ContentEncoding, type VapidClaims } from './types.ts';
import { WebPusher, type WebPushOptions } from './webpusher.ts';

export const USAGE = `Usage: webpush --info FILE [options]      send one push (pywebpush's flags)
       webpush --gen-keys [--key FILE]      make a VAPID key pair
       webpush --gen-keys --json            print a new pair as {"publicKey", "privateKey"} (base64url)
       webpush --key FILE --app-server-key  print the applicationServerKey of an existing private key

  -i, --info FILE      subscription JSON (PushSubscription.toJSON())        required to send
  -d, --data FILE      payload to encrypt and send; without it, a push with no body
      --head FILE      extra headers JSON, e.g. {"X-WNS-Type": "wns/raw"}; a TTL here wins over --ttl
      --claims FILE    VAPID claims JSON: {"sub": "mailto:you@example.com", "aud"?, "exp"?, other claims?}
      --key FILE       VAPID private key (PEM; DER base64, raw base64url or a JWK's JSON work too)
      --encoding ENC   aes128gcm (default) or aesgcm
      --ttl N          seconds the push service keeps the message (default 2419200, 4 weeks)
      --wns            add X-WNS-Cache-Policy from the TTL sent: no-cache for 0, else cache (Windows)
      --curl           print a curl command instead of sending; the body goes to ./encrypted.data
      --verbose        print the request and the reply on stderr
      --proxy URL      send through this HTTP proxy; without it, HTTPS_PROXY/HTTP_PROXY/NO_PROXY apply
      --http2          offer HTTP/2 (ALPN); HTTP/1.1 if the push service has only that; not with a proxy
      --gen-keys       write a new private key to --key (default private_key.pem), print the applicationServerKey
      --json           with --gen-keys: print both keys as JSON instead (a file only when --key is given)
      --app-server-key print the applicationServerKey (public key, base64url) of --key FILE
  -h, --help           this text

Exit status: 0 sent (2xx), 1 the push service refused or did not answer, 2 bad input.`;

export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
}

const consoleIO: CliIO = { out: (line) => console.log(line), err: (line) => console.error(line) };

export async function main(argv: string[], io: CliIO = consoleIO): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof WebPushError) {
      io.err(`webpush: ${error.message}`);
      if (error.body && !error.json?.message) io.err(error.body.slice(0, 2000));
      return 1;
    }
    if (error instanceof CliError || error instanceof WebPushValidationError) {
      io.err(`webpush: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

class CliError extends Error {}

async function run(argv: string[], io: CliIO): Promise<number> {
  const args = parse(argv);
  if (args.help) {
    io.out(USAGE);
    return 0;
  }
  if (args['gen-keys'] && args.json) return genKeysJson(args.key, io);
  if (args['gen-keys']) return genKeys(args.key ?? 'private_key.pem', io);
  if (args.json) throw new CliError('--json goes with --gen-keys');
  if (args['app-server-key']) {
    if (!args.key) throw new CliError('--app-server-key needs --key FILE (the VAPID private key)');
    io.out(loadVapidKey(readText(args.key, '--key')).publicKey);
    return 0;
  }
  if (!args.info) throw new CliError(`--info FILE is required (the subscription JSON)\n\n${USAGE}`);

  const subscription = readJson(args.info, '--info');
  const options: WebPushOptions = { contentEncoding: encodingOf(args.encoding), curl: args.curl ?? false };
  if (args.ttl !== undefined) options.ttl = integerOf(args.ttl, '--ttl');
  if (args.head) options.headers = headersOf(readJson(args.head, '--head'));
  if (args.wns)
    options.headers = {
      'X-WNS-Cache-Policy': sentTtl(options) > 0 ? 'cache' : 'no-cache',
      ...options.headers,
    };
  if (args.claims) options.vapidClaims = readJson(args.claims, '--claims') as VapidClaims;
  if (args.key) options.vapidPrivateKey = readText(args.key, '--key');
  if (args.proxy) options.proxy = args.proxy;
  else if (proxyInEnvironment()) options.proxy = 'env';
  if (args.http2) options.http2 = true;
  if (options.vapidClaims && !options.vapidPrivateKey)
    throw new CliError('--claims needs --key FILE (the VAPID private key)');
  const data = args.data ? readBytes(args.data, '--data') : undefined;

  const pusher = new WebPusher(subscription, options);
  if (args.curl) {
    io.out(await pusher.send(data, { curl: true }));
    return 0;
  }
  const reply = await pusher.send(data, args.verbose ? verboseHooks(io) : {});
  io.out(`${reply.status} sent`);
  return 0;
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        info: { type: 'string', short: 'i' },
        data: { type: 'string', short: 'd' },
        head: { type: 'string' },
        claims: { type: 'string' },
        key: { type: 'string' },
        encoding: { type: 'string' },
        ttl: { type: 'string' },
        wns: { type: 'boolean' },
        curl: { type: 'boolean' },
        verbose: { type: 'boolean', short: 'v' },
        'gen-keys': { type: 'boolean' },
        json: { type: 'boolean' },
        proxy: { type: 'string' },
        http2: { type: 'boolean' },
        'app-server-key': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n\n${USAGE}`);
  }
}

function genKeys(path: string, io: CliIO): number {
  if (existsSync(path))
    throw new CliError(
      `${path} already exists; remove it or pass --key NEW_FILE (replacing a key breaks every subscription made with it)`,
    );
  const keys = generateVapidKeys();
  writeFileSync(path, keys.privateKeyPem, { mode: 0o600 });
  io.err(`wrote the private key to ${path}; keep it secret`);
  io.out(keys.publicKey);
  return 0;
}

function genKeysJson(path: string | undefined, io: CliIO): number {
  if (path !== undefined && existsSync(path))
    throw new CliError(`${path} already exists; remove it or pass --key NEW_FILE`);
  const keys = generateVapidKeys();
  if (path !== undefined) writeFileSync(path, keys.privateKeyPem, { mode: 0o600 });
  io.out(JSON.stringify({ publicKey: keys.publicKey, privateKey: keys.privateKey }));
  return 0;
}

/** --verbose: the library's onRequest/onResponse hooks, so what is printed is what was sent and answered. */
function verboseHooks(io: CliIO): WebPushOptions {
  return {
    onRequest: (push) => {
      io.err(`POST ${push.endpoint}`);
      for (const [name, value] of Object.entries(push.headers)) io.err(`${name}: ${value}`);
      io.err(`(${push.body?.length ?? 0} body bytes)`);
    },
    onResponse: (event) => {
      if (event.error !== undefined) io.err(`-> no answer after ${event.ms} ms`);
      else io.err(`-> ${event.status}`);
      for (const [name, value] of Object.entries(event.headers)) io.err(`${name}: ${value}`);
      if (event.body) io.err(event.body);
    },
  };
}

function readBytes(path: string, flag: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`${flag} ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

function readText(path: string, flag: string): string {
  return readBytes(path, flag).toString('utf8');
}

function readJson(path: string, flag: string): unknown {
  const text = readText(path, flag);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${flag} ${path}: not valid JSON (${(error as Error).message})`);
  }
}

function headersOf(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new CliError('--head must hold a JSON object of header names to values');
  return Object.fromEntries(Object.entries(value).map(([name, v]) => [name, String(v)]));
}

/** The TTL the push will carry: a `TTL` header from --head wins over --ttl (any case, as the library merges it). */
function sentTtl(options: WebPushOptions): number {
  const header = Object.entries(options.headers ?? {}).find(([name]) => name.toLowerCase() === 'ttl');
  if (!header) return options.ttl ?? DEFAULT_TTL;
  if (!/^\d+$/.test(header[1].trim()))
    throw new CliError(`--head TTL must be a whole number of seconds, got "${header[1]}"`);
  return Number(header[1]);
}

function encodingOf(value: string | undefined): ContentEncoding {
  if (value === undefined) return 'aes128gcm';
  if (!CONTENT_ENCODINGS.includes(value as ContentEncoding))
    throw new CliError(`--encoding must be aes128gcm or aesgcm, got "${value}"`);
  return value as ContentEncoding;
}

function integerOf(value: string, flag: string): number {
  if (!/^\d+$/.test(value)) throw new CliError(`${flag} must be a whole number of seconds, got "${value}"`);
  return Number(value);
}
