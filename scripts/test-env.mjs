// The environment every test process runs with: its own database, Redis DB
// index and key prefix, so `npm test` never touches `npm start`'s data.
// Plain JS so bootstrap.mjs, vitest and playwright can all import it.
export const TEST_PORT = 3100;

export const testEnv = {
  NODE_ENV: "test",
  SWITCHYARD_ENV: "local",
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/switchyard_test",
  REDIS_URL: "redis://127.0.0.1:6379/1",
  REDIS_PREFIX: "switchyard-test",
  NEXTAUTH_URL: `http://127.0.0.1:${TEST_PORT}`,
  NEXTAUTH_SECRET: "switchyard-test-secret-not-for-production-0123456789",
  ADMIN_EMAIL: "admin@switchyard.test",
  ADMIN_PASSWORD: "admin-password-for-tests",
  RETELL_API_KEY: "key_test_retell_0123456789",
  METRICS_TOKEN: "metrics-test-token",
  LOG_LEVEL: "warn",
  PORT: String(TEST_PORT),
};

/** Applies the test environment, letting explicit overrides from the caller win. */
export function applyTestEnv(target = process.env) {
  for (const [k, v] of Object.entries(testEnv)) {
    if (k === "NODE_ENV") target[k] = v;
    else target[k] ??= v;
  }
  return target;
}
