/**
 * The admin token of the e2e servers (playwright.config.ts passes it to scripts/e2e-server.ts). A fixed test
 * value for throwaway servers with temporary databases, not a secret.
 */
export const E2E_ADMIN_TOKEN = 'e2e-admin-token-for-throwaway-test-servers';
