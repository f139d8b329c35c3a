import path from 'node:path';

/**
 * The one-way dependency rule: services → platform → core.
 * - core imports only core;
 * - platform imports core and platform; another platform module only through its index;
 * - a service imports core, the platform through module indexes, and its own folder —
 *   never another service;
 * - the composition roots (src/app.ts, src/cli.ts, src/demo.ts) may import anything.
 */
function layerOf(file, srcDir) {
  const rel = path.relative(srcDir, file).split(path.sep);
  if (rel[0] === '..' || rel.length < 2) return { layer: 'root' };
  if (rel[0] === 'core') return { layer: 'core' };
  if (rel[0] === 'platform') return { layer: 'platform', module: rel[1], rest: rel.slice(2).join('/') };
  if (rel[0] === 'services') return { layer: 'service', module: rel[1], rest: rel.slice(2).join('/') };
  return { layer: 'root' };
}

function problem(from, to) {
  if (from.layer === 'root') return undefined;
  if (to.layer === 'root') return 'only the composition roots (src/app.ts, src/cli.ts, src/demo.ts) may be imported from here: move the shared piece down a layer';
  if (from.layer === 'core' && to.layer !== 'core') return `core must not import ${to.layer}: core is the bottom layer`;
  if (from.layer === 'platform') {
    if (to.layer === 'service') return 'the platform must not import a service: services plug in through the service contract';
    if (to.layer === 'platform' && to.module !== from.module && to.rest.replace(/\.(js|ts)$/, '') !== 'index') {
      return `import platform/${to.module} through its index.ts (its public face)`;
    }
  }
  if (from.layer === 'service') {
    if (to.layer === 'service' && to.module !== from.module) return `a service must not import another service (${to.module}); share through the platform`;
    if (to.layer === 'platform' && to.rest.replace(/\.(js|ts)$/, '') !== 'index') return `import platform/${to.module} through its index.ts (its public face)`;
  }
  return undefined;
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce services → platform → core and module public faces' },
    schema: [],
  },
  create(context) {
    const filename = context.filename ?? context.getFilename();
    const srcDir = path.join(context.cwd ?? process.cwd(), 'src');
    if (!path.resolve(filename).startsWith(srcDir + path.sep)) return {};
    const from = layerOf(path.resolve(filename), srcDir);
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path.resolve(path.dirname(path.resolve(filename)), source);
      const message = problem(from, layerOf(target, srcDir));
      if (message) context.report({ node, message: `Layer rule: ${message}.` });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export default { rules: { 'layer-boundaries': rule } };
