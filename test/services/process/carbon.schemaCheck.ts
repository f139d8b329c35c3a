/*
 * A small checker for the JSON Schema keywords pact-v3.schema.json uses (ajv is not a
 * dependency of the project). Any other keyword is an error, so the schema cannot say more
 * than is checked.
 */
type Schema = Record<string, unknown>;

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', '$defs']);
const KEYWORDS = new Set(['type', 'required', 'properties', 'additionalProperties', 'items', 'minItems', 'minLength', 'pattern', 'const', 'enum', 'minimum', 'maximum', '$ref']);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export function checkSchema(root: Schema, value: unknown): string[] {
  const errors: string[] = [];
  const resolve = (ref: string): Schema => {
    const m = /^#\/\$defs\/(.+)$/.exec(ref);
    const defs = root.$defs as Record<string, Schema> | undefined;
    if (!m || !defs?.[m[1]!]) throw new Error(`checkSchema: cannot resolve ${ref}`);
    return defs[m[1]!]!;
  };
  const visit = (schema: Schema, v: unknown, at: string): void => {
    for (const key of Object.keys(schema)) {
      if (!ANNOTATIONS.has(key) && !KEYWORDS.has(key)) throw new Error(`checkSchema: unsupported keyword ${key} at ${at}`);
    }
    if (typeof schema.$ref === 'string') visit(resolve(schema.$ref), v, at);
    if (schema.type !== undefined) {
      const t = typeOf(v);
      const ok = schema.type === t || (schema.type === 'integer' && Number.isInteger(v));
      if (!ok) errors.push(`${at}: expected ${String(schema.type)}, got ${t}`);
    }
    if ('const' in schema && v !== schema.const) errors.push(`${at}: expected ${JSON.stringify(schema.const)}`);
    if (Array.isArray(schema.enum) && !schema.enum.includes(v)) errors.push(`${at}: not one of ${JSON.stringify(schema.enum)}`);
    if (typeof v === 'string') {
      if (typeof schema.minLength === 'number' && v.length < schema.minLength) errors.push(`${at}: shorter than ${schema.minLength}`);
      if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(v)) errors.push(`${at}: does not match ${schema.pattern}`);
    }
    if (typeof v === 'number') {
      if (typeof schema.minimum === 'number' && v < schema.minimum) errors.push(`${at}: below ${schema.minimum}`);
      if (typeof schema.maximum === 'number' && v > schema.maximum) errors.push(`${at}: above ${schema.maximum}`);
    }
    if (Array.isArray(v)) {
      if (typeof schema.minItems === 'number' && v.length < schema.minItems) errors.push(`${at}: fewer than ${schema.minItems} items`);
      if (schema.items) v.forEach((item, i) => visit(schema.items as Schema, item, `${at}[${i}]`));
    }
    if (typeOf(v) === 'object') {
      const obj = v as Record<string, unknown>;
      for (const key of (schema.required as string[] | undefined) ?? []) if (!(key in obj)) errors.push(`${at}: missing ${key}`);
      const props = (schema.properties as Record<string, Schema> | undefined) ?? {};
      for (const [key, val] of Object.entries(obj)) {
        if (props[key]) visit(props[key], val, `${at}.${key}`);
        else if (schema.additionalProperties === false) errors.push(`${at}: unexpected property ${key}`);
      }
    }
  };
  visit(root, value, '$');
  return errors;
}
