import { writeFileSync } from 'node:fs';
import type { PushRequest } from './types.ts';

export const CURL_DATA_FILE = 'encrypted.data';

/**
 * The curl command that sends this push, as pywebpush's curl mode prints it; the encrypted body is written to
 * `dataFile` (encrypted.data in the working directory by default) because it is binary.
 */
export function toCurlCommand(push: PushRequest, dataFile = CURL_DATA_FILE): string {
  const lines = [`curl -vX ${push.method} ${shellQuote(push.endpoint)}`];
  for (const [name, value] of Object.entries(push.headers))
    lines.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  if (push.body && push.body.length > 0) {
    writeFileSync(dataFile, push.body);
    lines.push(`--data-binary @${shellQuote(dataFile)}`);
  }
  return lines.join(' \\\n  ');
}

function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
