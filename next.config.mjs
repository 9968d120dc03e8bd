/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Server-only packages with native or worker-thread internals stay out of the bundle.
  serverExternalPackages: ["bullmq", "ioredis", "pino", "pg", "@prisma/adapter-pg", "nodemailer"],
  typedRoutes: false,
};

export default nextConfig;
