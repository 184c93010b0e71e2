// The one vocabulary of environment values: text is trimmed (empty means unset), and a switch is on with
// 1/true/yes/on and off with 0/false/no/off, in any case.
import { z } from 'zod';

/** Trimmed text; empty or unset is undefined. */
export const envText = z
  .string()
  .transform((value) => value.trim())
  .optional()
  .transform((value) => (value ? value : undefined));

/** true for 1/true/yes/on, false for 0/false/no/off, undefined for anything else. */
export function booleanWord(value: string): boolean | undefined {
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  return undefined;
}

/** A switch, off when unset. */
export const envFlag = envText.transform((value, ctx) => {
  if (value === undefined) return false;
  const switched = booleanWord(value);
  if (switched !== undefined) return switched;
  ctx.addIssue({ code: 'custom', message: `must be 1 or 0 (got "${value}")` });
  return false;
});
