import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// electron-builder copies every package in `dependencies` (and what they pull in) into the app's
// asar. The renderer is bundled by Vite into out/renderer, so a package only it imports belongs in
// devDependencies: in `dependencies` it would ship twice, once bundled and once as dead weight
// (react, react-dom and nhsuk-frontend were ~29 MB). These checks read the built bundles
// (`npm run build`, which `npm test` runs first), since they are what the packaged app loads.
const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  workspaces: string[];
};
const RENDERER_ONLY = ['nhsuk-frontend', 'react', 'react-dom'];

function jsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) throw new Error(`${dir} is missing: run \`npm run build\` first`);
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js'))
    .map((f) => path.join(dir, f));
}

/** Package names that the Node-side bundles (main, web host, preload) load at run time. */
function requiredAtRunTime(): Set<string> {
  const names = new Set<string>();
  for (const file of [...jsFiles(path.join(root, 'out/main')), ...jsFiles(path.join(root, 'out/preload'))]) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\b(?:require\(|import\(|from\s*)["']([^"'./][^"']*)["']/g)) {
      const spec = m[1] as string;
      const parts = spec.split('/');
      names.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string));
    }
  }
  return names;
}

describe('runtime dependencies of the desktop app', () => {
  it('keeps the renderer-only packages out of `dependencies`', () => {
    for (const name of RENDERER_ONLY) {
      expect(pkg.dependencies, name).not.toHaveProperty(name);
      expect(pkg.devDependencies, name).toHaveProperty(name);
    }
  });

  it('main and preload bundles never load the renderer-only packages; the renderer bundle has them', () => {
    const loaded = requiredAtRunTime();
    // The scan sees real externals, so a broken regex cannot pass this vacuously.
    expect(loaded).toContain('better-sqlite3');
    for (const name of RENDERER_ONLY) expect(loaded, name).not.toContain(name);
    const assets = path.join(root, 'out/renderer/assets');
    const renderer = fs
      .readdirSync(assets)
      .filter((f) => /\.(js|css)$/.test(f))
      .map((f) => fs.readFileSync(path.join(assets, f), 'utf8'))
      .join('\n');
    expect(renderer).toContain('react.transitional.element'); // React, bundled
    expect(renderer).toContain('.nhsuk-header'); // nhsuk-frontend's styles, bundled
  });

  it('lists in `dependencies` only packages the Node-side bundles load', () => {
    const loaded = requiredAtRunTime();
    // Workspace packages are bundled from source (electron.vite.config.ts), so no require names them.
    const workspaceNames = pkg.workspaces.map(
      (w) =>
        (JSON.parse(fs.readFileSync(path.join(root, w, 'package.json'), 'utf8')) as { name: string }).name,
    );
    const unused = Object.keys(pkg.dependencies).filter((d) => !loaded.has(d) && !workspaceNames.includes(d));
    expect(unused).toEqual([]);
  });
});
