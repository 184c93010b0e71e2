/** The push service a device talks to: the endpoint's origin (the endpoint itself is a secret capability). */
export function pushServiceOf(endpoint: string): string {
  return new URL(endpoint).origin;
}
