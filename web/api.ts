import { hc, type ClientResponse } from 'hono/client';
import type { ResponseFormat } from 'hono/types';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import type { AppType } from '../server/app.ts';
import { ApiError, readErrorBody } from './lib/api-error.ts';

export { ApiError };

/** The typed API client, same origin (Vite proxies /api in dev; Hono serves the build otherwise). */
export function createApi(origin: string = location.origin) {
  return hc<AppType>(origin);
}

export const api = createApi();

/** The body type of the 2xx responses a route declares (undefined for bodiless ones such as 204). */
type SuccessBody<R> =
  R extends ClientResponse<infer Body, infer Status, infer Format>
    ? Status extends SuccessStatusCode
      ? Format extends 'json'
        ? Body
        : undefined
      : never
    : never;

/**
 * Awaits a client call and returns its success body; any failure becomes an `ApiError` carrying the server's
 * one error shape (`{ error: { status, code, message, field? } }`), or status 0 when the server did not answer.
 */
export async function call<R extends ClientResponse<unknown, number, ResponseFormat>>(
  request: Promise<R>,
): Promise<SuccessBody<R>> {
  let response: R;
  try {
    response = await request;
  } catch (error) {
    throw new ApiError({
      status: 0,
      code: 'network_error',
      message: `Cannot reach the server (${error instanceof Error ? error.message : String(error)})`,
    });
  }
  const text = await response.text();
  if (!response.ok) throw new ApiError(readErrorBody(response.status, text));
  if (text === '') return undefined as SuccessBody<R>;
  return JSON.parse(text) as SuccessBody<R>;
}
