"use client";

import { toDataURL } from "qrcode";
import { useEffect, useState } from "react";

/** The `otpauth://` URI as a QR image, drawn in the browser (no external service sees the secret). */
export function QrCode({
  value,
  label = "QR code for your authenticator app",
}: {
  value: string;
  /** The image's text alternative. */
  label?: string;
}) {
  const [src, setSrc] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    toDataURL(value, { margin: 1, width: 192, errorCorrectionLevel: "M" })
      .then((url) => current && setSrc(url))
      .catch(() => current && setSrc(null));
    return () => {
      current = false;
    };
  }, [value]);

  if (!src) return <div className="qr-placeholder" aria-hidden="true" />;
  // A data: URL needs no image optimisation, so a plain <img> (not next/image) is right here.
  return <img className="qr" src={src} width={192} height={192} alt={label} />;
}
