import { describe, expect, it } from 'vitest';
import { ApiError, readErrorBody } from './api-error.ts';

describe('readErrorBody', () => {
  it('takes the API error shape as is', () => {
    const body = JSON.stringify({
      error: {
        status: 400,
        code: 'validation_failed',
        message: 'keys.auth must decode to 16 bytes',
        field: 'keys.auth',
      },
    });
    expect(readErrorBody(400, body)).toEqual({
      status: 400,
      code: 'validation_failed',
      message: 'keys.auth must decode to 16 bytes',
      field: 'keys.auth',
    });
  });

  it('names the HTTP status when the body is not the error shape', () => {
    expect(readErrorBody(502, '<html>Bad gateway</html>')).toEqual({
      status: 502,
      code: 'http_error',
      message: 'The server answered HTTP 502: <html>Bad gateway</html>',
    });
    expect(readErrorBody(500, '')).toEqual({
      status: 500,
      code: 'http_error',
      message: 'The server answered HTTP 500',
    });
    expect(readErrorBody(401, '{"error":"nope"}').message).toBe(
      'The server answered HTTP 401: {"error":"nope"}',
    );
  });
});

describe('ApiError', () => {
  it('carries the details and shows the server message', () => {
    const error = new ApiError({ status: 401, code: 'unauthorized', message: 'Sign in first' });
    expect(error.message).toBe('Sign in first');
    expect(error.status).toBe(401);
    expect(error.field).toBeUndefined();
  });
});
