import type { NextConfig } from "next";

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `npm test` type-checks this app with tsc before its browser tests build
  // it, and sets this so that the build does not check it a second time.
  // Leave it unset: `next build` then type-checks as usual.
  typescript: { ignoreBuildErrors: process.env.STEPUP_APP_TYPES_CHECKED === "1" },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default config;
