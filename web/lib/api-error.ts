/** The one error shape the API answers with on every failure. */
export interface ApiErrorDetails {
  status: number;
  code: string;
  message: string;
  field?: string;
}

/** A failed API call; `message` is the server's message, ready to show. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;

  constructor(details: ApiErrorDetails) {
    super(details.message);
    this.name = 'ApiError';
    this.status = details.status;
    this.code = details.code;
    this.field = details.field;
  }
}

/**
 * Reads an error response body. A body in the API's error shape is taken as is; anything else (a proxy's HTML
 * page, an empty body) still yields a message that names the HTTP status.
 */
export function readErrorBody(status: number, text: string): ApiErrorDetails {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const error =
    typeof value === 'object' && value !== null ? (value as { error?: unknown }).error : undefined;
  if (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { message?: unknown }).message === 'string'
  ) {
    const record = error as Record<string, unknown>;
    const details: ApiErrorDetails = {
      status: typeof record.status === 'number' ? record.status : status,
      code: typeof record.code === 'string' ? record.code : 'error',
      message: record.message as string,
    };
    if (typeof record.field === 'string') details.field = record.field;
    return details;
  }
  return {
    status,
    code: 'http_error',
    message: `The server answered HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}`,
  };
}

/** A message to show for anything thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
