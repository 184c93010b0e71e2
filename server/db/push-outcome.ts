/**
 * What became of one push, as the server records it: on its delivery (outcome, status, reason) and on its
 * device (stamped, counted as a failure, or deleted when expired). Not the library's `SendOutcome`, which is
 * the bare word; this one carries the push service's status and reason too.
 */
export interface PushOutcome {
  outcome: 'delivered' | 'expired' | 'failed';
  /** The push service's HTTP status; null when it did not answer (or nothing was sent). */
  status: number | null;
  /** The push service's message for an expiry or failure, or why nothing was sent. */
  reason: string | null;
}
