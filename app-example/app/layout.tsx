import type { Metadata } from "next";
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
          <a href="/" className="brand">
            next-stepup <span className="muted">example</span>
          </a>
        </header>
        <main className="page">{children}</main>
      </body>
    </html>
  );
}
