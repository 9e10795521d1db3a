// One rule, `package-boundaries/stay-in-package`: a relative import may not leave the package its file
// belongs to. The app (src/), the gateway, the relay and the protocol share code only through packages
// imported by name (`modality-link-protocol`), never by a path into another package's folder
// (ADR 0028). Path-based patterns in no-restricted-imports cannot say this: `../../x` means a different
// place in every file, so the rule resolves each import against the file that makes it.
import path from 'node:path';

/** Package roots, relative to the repository root, and what each is called in the message. */
const PACKAGES = [
  ['gateway', 'the gateway'],
  ['relay', 'the relay'],
  ['protocol', 'the protocol package'],
  ['sqlite-migrate', 'the SQLite migrations package'],
  ['src', 'the desktop app'],
];

const TEST_KIT = 'test-support';

function packageOf(relativePath) {
  const [first] = relativePath.split(/[\\/]/);
  return PACKAGES.find(([root]) => root === first);
}

const stayInPackage = {
  meta: {
    type: 'problem',
    docs: {
      description: 'Relative imports stay inside their own package; other packages are imported by name.',
    },
    schema: [],
    messages: {
      leaves:
        "'{{source}}' reaches from {{from}} into {{to}}. Import shared code by package name " +
        "(e.g. 'modality-link-protocol'), or move it into the protocol package.",
    },
  },
  create(context) {
    const root = context.cwd;
    const file = path.relative(root, context.filename);
    const own = packageOf(file);
    if (!own) return {};
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path.relative(root, path.resolve(path.dirname(context.filename), source));
      const inOwn = target === own[0] || target.startsWith(own[0] + path.sep);
      // test-support/ is the repository's test kit (free ports, proxies, test apps), not a package.
      if (inOwn || target.startsWith(TEST_KIT + path.sep)) return;
      const other = packageOf(target);
      context.report({
        node,
        messageId: 'leaves',
        data: { source, from: own[1], to: other ? other[1] : `'${target}'` },
      });
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export default { rules: { 'stay-in-package': stayInPackage } };
