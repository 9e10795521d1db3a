// Import cycles between source files (issue 15): a file graph from relative `import`/`export … from`
// statements (type-only ones too: a cycle of types is still two files that cannot be read apart), and
// its strongly connected components of more than one file. Tests are left out; they import freely.
import fs from 'node:fs';
import path from 'node:path';

const SOURCE = /\.(ts|tsx|mjs)$/;
const SKIPPED = /\.(test|spec)\.(ts|tsx)$|\.d\.ts$/;
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g;

function sourceFiles(dir) {
  const files = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(full));
    else if (SOURCE.test(entry.name) && !SKIPPED.test(entry.name)) files.push(full);
  }
  return files;
}

/** The file an import names: TypeScript's `.js` spelling, no extension, or a folder's index. */
function resolveImport(from, specifier) {
  const base = path.resolve(path.dirname(from), specifier.replace(/\.js$/, ''));
  for (const candidate of [`${base}.ts`, `${base}.tsx`, `${base}.mjs`, path.join(base, 'index.ts'), base])
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  return null;
}

/** Each cycle as the list of its files (relative to `root`), found with Tarjan's algorithm. */
export function findImportCycles(root, dirs) {
  const graph = new Map();
  for (const dir of dirs)
    for (const file of sourceFiles(path.join(root, dir))) {
      const text = fs.readFileSync(file, 'utf8');
      const targets = [...text.matchAll(IMPORT)].map((m) => resolveImport(file, m[1])).filter(Boolean);
      graph.set(file, targets);
    }
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const cycles = [];
  const visit = (file) => {
    index.set(file, counter);
    low.set(file, counter);
    counter += 1;
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file), low.get(next)));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file), index.get(next)));
    }
    if (low.get(file) !== index.get(file)) return;
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(path.relative(root, member));
    } while (member !== file);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles;
}
