/**
 * The checks that need no DNS: an absolute URL, https (http only for an allowed origin), no credentials.
 * Returns the rule broken ("must use https; ..."), without the field name, or null.
 */
export function endpointFormRule(endpoint: string, allowHttpOrigins: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return `must be an https URL (got ${url.protocol})`;
  if (url.username || url.password) return 'must not contain a user name or password';
  if (url.protocol === 'http:' && !allowHttpOrigins.includes(url.origin)) {
    return `${url.origin} must use https; plain http is allowed only for origins listed in ALLOW_HTTP_ENDPOINTS (e.g. ALLOW_HTTP_ENDPOINTS=${url.origin} for a local push service)`;
  }
  return null;
}
