import { describe, expect, it } from 'vitest';
import { WebPushError } from './errors.ts';

const endpoint = 'https://push.example.net/wpush/v2/abc';
const messageFor = (status: number, body: string) => new WebPushError({ status, body, endpoint }).message;

describe("WebPushError's message, from what the push service answered", () => {
  // [which service, status, body, message]
  const shapes: [string, number, string, string][] = [
    [
      'autopush {code, errno, error, message}',
      400,
      '{"code":400,"errno":110,"error":"Bad Request","message":"Invalid Topic header"}',
      'push service answered 400: Invalid Topic header',
    ],
    [
      'FCM {error: {code, message, status}}',
      400,
      '{"error":{"code":400,"message":"bad","status":"INVALID_ARGUMENT"}}',
      'push service answered 400: bad',
    ],
    [
      'FCM without a message: its status',
      403,
      '{"error":{"code":403,"status":"PERMISSION_DENIED"}}',
      'push service answered 403: PERMISSION_DENIED',
    ],
    ['Apple {reason}', 403, '{"reason":"BadJwtToken"}', 'push service answered 403: BadJwtToken'],
    ['plain {error: "text"}', 401, '{"error":"unauthorized"}', 'push service answered 401: unauthorized'],
    ['plain text', 500, '  internal error\n', 'push service answered 500: internal error'],
    ['no body', 404, '', 'push service answered 404'],
    [
      'JSON of no known shape: the body itself',
      400,
      '{"error":{"code":400},"detail":[1,2]}',
      'push service answered 400: {"error":{"code":400},"detail":[1,2]}',
    ],
    [
      'a message that is not text: the body itself',
      400,
      '{"message":5}',
      'push service answered 400: {"message":5}',
    ],
    ['a JSON array: the body itself', 400, '["no"]', 'push service answered 400: ["no"]'],
    [
      'an HTML page: on one line',
      502,
      '<html>\n  <body>Bad\r\n\tGateway</body>\n</html>',
      'push service answered 502: <html> <body>Bad Gateway</body> </html>',
    ],
  ];
  for (const [shape, status, body, message] of shapes) {
    it(shape, () => {
      expect(messageFor(status, body)).toBe(message);
    });
  }

  it('a long body is cut to 200 characters and an ellipsis', () => {
    const body = `${'x'.repeat(199)}yz${'-'.repeat(300)}`;
    expect(messageFor(500, body)).toBe(`push service answered 500: ${'x'.repeat(199)}y…`);
    expect(messageFor(500, 'x'.repeat(200))).toBe(`push service answered 500: ${'x'.repeat(200)}`);
  });

  it('cuts by characters, never through one', () => {
    expect(messageFor(500, '😀'.repeat(201))).toBe(`push service answered 500: ${'😀'.repeat(200)}…`);
  });

  it('a long message from the JSON is cut the same way, and never reads [object Object]', () => {
    const long = 'm'.repeat(250);
    expect(messageFor(400, JSON.stringify({ error: { message: long } }))).toBe(
      `push service answered 400: ${'m'.repeat(200)}…`,
    );
    for (const body of ['{"error":{}}', '{"error":{"message":{"text":"x"}}}', '{"reason":{}}'])
      expect(messageFor(400, body)).not.toContain('[object Object]');
  });

  it('keeps the parsed JSON and the raw body whatever the message', () => {
    const body = '{"error":{"code":400,"message":"bad","status":"INVALID_ARGUMENT"}}';
    const error = new WebPushError({ status: 400, body, endpoint });
    expect(error.body).toBe(body);
    expect(error.json).toEqual({ error: { code: 400, message: 'bad', status: 'INVALID_ARGUMENT' } });
  });
});
