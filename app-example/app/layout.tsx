import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: "next-stepup example",
  description: "MFA step-up for a payment, with next-stepup",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <Link href="/" className="brand">
            next-stepup <span className="muted">example</span>
          </Link>
        </header>
        <main className="page">{children}</main>
      </body>
    </html>
  );
}
