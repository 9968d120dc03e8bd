/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Server-only packages with native or worker-thread internals stay out of the bundle.
  serverExternalPackages: ["bullmq", "ioredis", "pino", "pg", "@prisma/adapter-pg", "nodemailer"],
  typedRoutes: false,
  experimental: {
    // The proxy buffers every request body so the route can read it again (default 10 MB each).
    // Nothing we accept is over 1 MB (the webhook's 413 limit), so 2 MB bounds memory per request;
    // a longer body arrives truncated but still over 1 MB, so it is still a 413 (e2e/webhook.spec.ts).
    proxyClientMaxBodySize: "2mb",
  },
};

export default nextConfig;
