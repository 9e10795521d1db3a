// Copies the packages the gateway bundle loads at run time (its esbuild externals) and their production
// dependencies, exactly as npm laid them out, so Node's resolution inside the installed folder finds the
// same copies it finds in the repository (hyco-ws keeps its own nested ws 1.x, for instance).
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';

/** Packages needed to install a package but never loaded at run time. */
const INSTALL_TIME_ONLY = new Set(['prebuild-install']);

/**
 * better-sqlite3 ships its C sources, SQLite amalgamation and object files (about 28 MB); at run time it
 * needs only its JavaScript and the compiled addon.
 */
const RUNTIME_FILES = {
  'better-sqlite3': ['package.json', 'LICENSE', 'lib', 'build/Release/better_sqlite3.node'],
};

/** Finds `name` the way Node would from `fromDir`: the nearest node_modules/<name> upwards. */
export function findPackageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The dependency closure of `roots` resolved from `fromDir`, as [{name, version, dir, target}], where
 * `target` is the package's path below the output folder (`node_modules/...`, nesting preserved).
 * Node built-in names (hyco-ws lists `crypto`, `http`, `util`, `events`) are skipped: Node loads its own.
 */
export function runtimeClosure(roots, fromDir, repoRoot) {
  const found = new Map();
  const visit = (name, from) => {
    if (builtinModules.includes(name) || INSTALL_TIME_ONLY.has(name)) return;
    const dir = findPackageDir(name, from);
    if (!dir) throw new Error(`runtime dependency ${name} (needed from ${from}) is not installed`);
    if (found.has(dir)) return;
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    // Keep the path from the first node_modules on: gateway/node_modules/x and node_modules/x both land
    // at node_modules/x; a nested node_modules/a/node_modules/b stays nested.
    const rel = relative(repoRoot, dir).split(sep);
    const target = rel.slice(rel.indexOf('node_modules')).join('/');
    found.set(dir, { name, version: pkg.version, dir, target });
    const optional = Object.keys(pkg.optionalDependencies ?? {});
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, dir);
    for (const dep of optional) if (findPackageDir(dep, dir)) visit(dep, dir);
  };
  for (const root of roots) visit(root, fromDir);
  const byTarget = new Map();
  for (const p of found.values()) {
    const other = byTarget.get(p.target);
    if (other) throw new Error(`${p.dir} and ${other.dir} would both be copied to ${p.target}`);
    byTarget.set(p.target, p);
  }
  return [...found.values()].sort((a, b) => a.target.localeCompare(b.target));
}

/** Copies each package of the closure into `outDir`, without nested node_modules (copied on their own). */
export function copyClosure(closure, outDir) {
  for (const p of closure) {
    const dest = join(outDir, p.target);
    const only = RUNTIME_FILES[p.name];
    if (only) {
      for (const file of only) {
        const from = join(p.dir, file);
        if (!existsSync(from)) continue; // the addon, when staging for another platform
        mkdirSync(dirname(join(dest, file)), { recursive: true });
        cpSync(from, join(dest, file), { recursive: true });
      }
      continue;
    }
    cpSync(p.dir, dest, {
      recursive: true,
      filter: (src) => !relative(p.dir, src).split(sep).includes('node_modules'),
    });
  }
}
