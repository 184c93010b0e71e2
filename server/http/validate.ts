import type { Context } from 'hono';
import { validator } from 'hono/validator';
import { z } from 'zod';
import { findDuplicateKey } from './duplicate-keys.ts';
import { ApiException, validationFailed } from './errors.ts';

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

const typeNames: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
};

/** Messages for type errors; schema rules carry their own messages ("must be 1 to 100 characters"). */
function describeIssue(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'invalid_type') return undefined;
  if (issue.input === undefined) return 'is required';
  return `must be ${typeNames[issue.expected] ?? issue.expected}`;
}

/** "keys.p256dh", "target.userIds[0]"; the whole body is "body". */
export function fieldName(path: readonly PropertyKey[]): string {
  let name = '';
  for (const part of path)
    name += typeof part === 'number' ? `[${part}]` : name ? `.${String(part)}` : String(part);
  return name || 'body';
}

/** Parses with zod or throws a 400 naming the first bad field: "title must be 1 to 100 characters". */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value, { error: describeIssue });
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = fieldName(issue.path);
  throw validationFailed(field, `${field} ${issue.message}`);
}

/**
 * Validator for a JSON body, used by every JSON route; refuses other content types instead of validating an
 * empty object, and a key given twice in one object (JSON.parse would keep the last one silently).
 */
export function jsonBody<S extends z.ZodType>(schema: S) {
  return validator('json', async (value, c: Context) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
    if (!JSON_TYPE.test(type)) {
      throw new ApiException(415, 'unsupported_media_type', 'Content-Type must be application/json');
    }
    // The text the validator parsed, from hono's body cache (no second read of the stream).
    const duplicate = findDuplicateKey(await c.req.text());
    if (duplicate) {
      const field = fieldName(duplicate);
      throw validationFailed(field, `${field} appears more than once; give each key once`);
    }
    return parseOrThrow(schema, value);
  });
}

const idSchema = z.object({
  id: z
    .string()
    .regex(/^[1-9]\d{0,15}$/, { error: 'must be a positive integer' })
    .transform(Number),
});

/** Validator for a numeric `:id` path parameter. */
export const idParam = validator('param', (value) => parseOrThrow(idSchema, value));
