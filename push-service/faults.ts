/** Faults a test can inject into push endpoints: an error status, a delay, or a dropped connection. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

export type FaultAction =
  { type: 'status'; status: number; retryAfter?: number } | { type: 'delay'; ms: number } | { type: 'drop' };

export interface FaultSpec {
  /** Endpoint id (last path segment), or null for every endpoint. */
  endpointId: string | null;
  action: FaultAction;
  /** How many requests it applies to; null = until cleared. */
  times: number | null;
}

export interface Fault extends FaultSpec {
  id: string;
  hits: number;
}

export class FaultRegistry {
  private faults: Fault[] = [];

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, id: randomUUID(), hits: 0 };
    this.faults.push(fault);
    return fault;
  }

  /** The fault for this request (endpoint-specific before global, oldest first), counted as used. */
  take(endpointId: string): FaultAction | undefined {
    const fault =
      this.faults.find((candidate) => candidate.endpointId === endpointId) ??
      this.faults.find((candidate) => candidate.endpointId === null);
    if (!fault) return undefined;
    fault.hits += 1;
    if (fault.times !== null && fault.hits >= fault.times) this.remove(fault.id);
    return fault.action;
  }

  list(): Fault[] {
    return [...this.faults];
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((fault) => fault.id !== id);
    return this.faults.length !== before;
  }

  clear(): void {
    this.faults = [];
  }
}

const faultRequest = z
  .strictObject({
    endpoint: z.string().min(1).optional(),
    status: z.number().int().min(400).max(599).optional(),
    retryAfter: z.number().int().min(0).optional(),
    delayMs: z.number().int().min(0).max(120_000).optional(),
    drop: z.literal(true).optional(),
    times: z.number().int().min(1).optional(),
  })
  .refine(
    (body) => [body.status, body.delayMs, body.drop].filter((value) => value !== undefined).length === 1,
    {
      message: 'give exactly one of status, delayMs or drop',
    },
  )
  .refine((body) => body.retryAfter === undefined || body.status !== undefined, {
    path: ['retryAfter'],
    message: 'retryAfter goes with status (e.g. 429 or 503)',
  });

/**
 * The control API's JSON: `{endpoint?, status?, retryAfter?, delayMs?, drop?, times?}`.
 * `endpoint` may be the full push endpoint URL or its id. Throws an Error naming the field.
 */
export function parseFaultRequest(body: unknown): FaultSpec {
  const parsed = faultRequest.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid fault'}`);
  }
  const { endpoint, status, retryAfter, delayMs, times } = parsed.data;
  const action: FaultAction =
    status !== undefined
      ? { type: 'status', status, ...(retryAfter !== undefined && { retryAfter }) }
      : delayMs !== undefined
        ? { type: 'delay', ms: delayMs }
        : { type: 'drop' };
  return { endpointId: endpoint === undefined ? null : endpointIdOf(endpoint), action, times: times ?? null };
}

/** `http://127.0.0.1:PORT/wpush/<id>` or `<id>` -> `<id>`. */
export function endpointIdOf(endpoint: string): string {
  return endpoint.includes('/') ? (endpoint.replace(/\/+$/, '').split('/').pop() ?? endpoint) : endpoint;
}
