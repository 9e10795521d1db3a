import fs from 'node:fs';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export function contentTypeFor(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Decodes a URL path one segment at a time. Returns null for anything that is not a plain file path:
 * malformed percent-encoding (`/%`, `/%E0%A4%A`), encoded separators, NUL and other control
 * characters, and `.`/`..` segments. Never throws: a request path is untrusted input.
 */
export function decodeRequestPath(pathname: string): string[] | null {
  const segments: string[] = [];
  for (const raw of pathname.split('/').slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    // eslint-disable-next-line no-control-regex
    if (/[/\\\u0000-\u001f\u007f]/.test(segment) || segment === '.' || segment === '..') return null;
    segments.push(segment);
  }
  return segments;
}

/**
 * The file under `root` that a decoded path names, or null when there is none. The resolved path and,
 * after following links, the real path must both stay inside the real renderer folder, so neither
 * `..` tricks nor a symbolic link planted in the build output can reach a file outside it.
 */
export function resolveInside(root: string, segments: readonly string[]): string | null {
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    return null;
  }
  const inside = (file: string) => file.startsWith(realRoot + path.sep);
  const candidate = path.resolve(realRoot, ...segments);
  if (!inside(candidate)) return null;
  try {
    const real = fs.realpathSync(candidate);
    return inside(real) && fs.statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}
