/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

// System fonts only: no external fonts or CDNs, the page works offline.
const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f5f6f8;color:#1a1a1a;margin:0}
main{max-width:24rem;margin:4rem auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.15)}
h1{font-size:1.4rem;margin:0 0 1.5rem}
label{display:block;font-weight:600;margin:1rem 0 .3rem}
input{box-sizing:border-box;width:100%;padding:.6rem;font-size:1rem;border:1px solid #767676;border-radius:4px}
input:focus,button:focus{outline:3px solid #1a56db;outline-offset:2px}
button{margin-top:1.5rem;width:100%;padding:.7rem;font-size:1rem;font-weight:600;color:#fff;background:#1a56db;border:0;border-radius:4px;cursor:pointer}
.hint{margin:.2rem 0 .3rem;color:#4a4a4a;font-size:.9rem}
.error{color:#8a1010;background:#fdecec;border:1px solid #f5b5b5;padding:.6rem;border-radius:4px}
button.secondary{margin-top:.75rem;color:#1a56db;background:#fff;border:1px solid #1a56db}
fieldset{border:0;padding:0;margin:0}
legend{font-weight:600;margin-bottom:.5rem}
.choice{display:flex;align-items:center;gap:.5rem;margin:.4rem 0}
.choice input{width:auto;margin:0}
.choice label{display:inline;font-weight:400;margin:0}
.qr svg{display:block;width:12rem;height:12rem;margin:0 auto}
.qr{margin:1rem 0}
code{font-family:ui-monospace,Menlo,Consolas,monospace}
.codes{columns:2;padding-left:1.2rem}
`;

/** The shell of every hosted page. `title` and `body` must already be escaped. */
export function renderPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}
