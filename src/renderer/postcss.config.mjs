/**
 * PostCSS for the renderer only (Vite looks for this file from its root, src/renderer).
 *
 * nhsuk-frontend's compiled CSS declares @font-face rules that fetch Frutiger from
 * https://assets.nhs.uk. Chromium requests those fonts even when no element uses them, and the
 * renderer's CSP (font-src 'self') and the offline clinic network both block the request, which
 * logs a CSP violation on every page load. Dropping those rules at build time removes the request;
 * styles/app.css names the Arial fallback stack explicitly.
 */
const REMOTE_FONT = /url\(\s*["']?https?:\/\//i;

const stripRemoteFontFaces = {
  postcssPlugin: 'modality-link-strip-remote-font-faces',
  AtRule: {
    'font-face': (rule) => {
      if (REMOTE_FONT.test(rule.toString())) rule.remove();
    },
  },
};

export default { plugins: [stripRemoteFontFaces] };
