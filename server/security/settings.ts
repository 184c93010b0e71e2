/** A token bucket: `limit` requests at once, refilled evenly over `windowMs`. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** The hardening knobs, parsed from the environment together with the rest of the config. */
export interface SecurityConfig {
  /** ALLOW_PRIVATE_ENDPOINTS: endpoints on loopback/private/link-local addresses are accepted (development). */
  allowPrivateEndpoints: boolean;
  /** PUSH_SERVICE_ALLOWLIST: host patterns endpoints must match, or null when the allowlist is off. */
  pushServiceAllowlist: string[] | null;
  /** Refuse endpoints whose host does not resolve (production); elsewhere the send-time check decides. */
  refuseUnresolvableHosts: boolean;
  /** MAX_DEVICES_PER_USER */
  maxDevicesPerUser: number;
  /** TRUST_PROXY: how many reverse proxies in front append to X-Forwarded-For (0: use the socket only). */
  trustProxy: number;
  /** RATE_LIMIT_*: null means no limit. */
  rateLimits: {
    subscribe: RateLimit | null;
    testPush: RateLimit | null;
    adminLogin: RateLimit | null;
    signIn: RateLimit | null;
    /** POST /api/receipts (public: the service workers' receipts). */
    receipts: RateLimit | null;
  };
}
