/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Server-only packages with native or worker-thread internals stay out of the bundle.
  serverExternalPackages: ["bullmq", "ioredis", "pino", "pg", "@prisma/adapter-pg", "nodemailer"],
  typedRoutes: false,
  experimental: {
    // The proxy buffers the body of every request it sees so the route can read it again (default
    // 10 MB each). No console route takes more than a few KB, so 2 MB bounds memory per request.
    // (Retell's webhook, up to 1 MB, is outside the proxy's matcher.)
    proxyClientMaxBodySize: "2mb",
  },
};

export default nextConfig;
