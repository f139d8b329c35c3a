import { SaxesParser } from 'saxes';
import { AppError } from '../../../core/errors.js';

/** An element of a survey XML file: local name, the root's namespace (empty below it), attributes by local name, children. */
export interface XmlElement {
  name: string;
  ns: string;
  attrs: Record<string, string>;
  children: XmlElement[];
}

const MAX_DEPTH = 64;
const CHUNK = 64 * 1024;

/** Whether the bytes look like XML: optional BOM and white space, then `<`. */
export function looksLikeXml(bytes: Buffer): boolean {
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  else if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true;
  while (i < bytes.length && i < 1024 && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i += 1;
  return bytes[i] === 0x3c;
}

/** The text encoding of an XML file: its BOM, else its declaration, else UTF-8. */
function encodingOf(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const head = bytes.subarray(0, 200).toString('latin1');
  const declared = /^(?:\uFEFF|\xEF\xBB\xBF)?\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase();
  if (!declared) return 'utf-8';
  return ['shift_jis', 'shift-jis', 'sjis', 'windows-31j', 'cp932'].includes(declared) ? 'shift_jis' : declared;
}

/**
 * Parses an XML file into a light tree of elements (text is not kept: the survey formats carry
 * their values in attributes). A DOCTYPE — and so any ENTITY declaration — is refused the moment
 * the parser meets it, before anything could be expanded; saxes itself expands no entity other
 * than the five predefined ones, so neither "billion laughs" nor an external entity can work.
 * `onClose` sees each element as it closes; when it returns true the element is taken (left
 * out of the tree), so a reader can convert a large file's records one by one.
 */
export function parseXmlTree(bytes: Buffer, onClose?: (element: XmlElement, depth: number, root: XmlElement) => boolean): XmlElement {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encodingOf(bytes), { fatal: true });
  } catch (cause) {
    throw new AppError('survey.file_unreadable', { cause, internal: 'unknown XML encoding' });
  }
  // Namespaces are not tracked element by element (the formats use one default namespace);
  // only the root's is resolved, from its own xmlns attributes. That keeps parsing cheap.
  const parser = new SaxesParser({ xmlns: false, position: false } as const);
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.on('doctype', () => {
    throw new AppError('survey.file_xml_doctype', { internal: 'DOCTYPE in survey XML' });
  });
  parser.on('opentag', (tag) => {
    const colon = tag.name.indexOf(':');
    const local = colon < 0 ? tag.name : tag.name.slice(colon + 1);
    const attrs: Record<string, string> = {};
    let ns = '';
    for (const name in tag.attributes) {
      const value = tag.attributes[name]!;
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        if (name === (colon < 0 ? 'xmlns' : `xmlns:${tag.name.slice(0, colon)}`)) ns = value;
        continue;
      }
      const c = name.indexOf(':');
      if (c >= 0 && name.slice(0, c) === 'xsi') continue;
      attrs[c < 0 ? name : name.slice(c + 1)] = value;
    }
    const element: XmlElement = { name: local, ns, attrs, children: [] };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else root = element;
    stack.push(element);
    if (stack.length > MAX_DEPTH) throw new AppError('survey.file_content_invalid', { params: { where: local }, internal: 'XML nested too deep' });
  });
  parser.on('closetag', () => {
    const element = stack.pop();
    if (!onClose || !element || !root || stack.length === 0) return;
    if (onClose(element, stack.length, root)) stack[stack.length - 1]!.children.pop();
  });
  try {
    for (let offset = 0; offset < bytes.length; offset += CHUNK) {
      parser.write(decoder.decode(bytes.subarray(offset, offset + CHUNK), { stream: offset + CHUNK < bytes.length }));
    }
    parser.close();
  } catch (cause) {
    if (cause instanceof AppError) throw cause;
    throw new AppError('survey.file_unreadable', { cause, internal: cause instanceof Error ? `XML: ${cause.message}` : 'XML syntax' });
  }
  if (!root) throw new AppError('survey.file_unreadable', { internal: 'no root element' });
  return root;
}

/** The children of an element with a local name. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

/** The first child of an element with a local name. */
export function childNamed(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

/** Escapes a value for an XML attribute or text. */
export function xmlEscape(value: string): string {
  return value.replace(/[&<>"'\r\n\t]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&apos;';
      default:
        return `&#${c.charCodeAt(0)};`;
    }
  });
}

/** Attributes as XML text (` a="1" b="2"`), leaving out undefined values. */
export function xmlAttrs(attrs: Record<string, string | number | boolean | undefined>): string {
  let out = '';
  for (const [key, value] of Object.entries(attrs)) if (value !== undefined) out += ` ${key}="${xmlEscape(String(value))}"`;
  return out;
}

/**
 * A small XML writer: elements as nested calls, one line per element, indented. Chunks are
 * collected and joined once, so a large document is not copied over and over.
 */
export class XmlWriter {
  private readonly parts: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  private depth = 0;

  /** An element with attributes and, when `body` is given, children written by it. */
  element(name: string, attrs: Record<string, string | number | boolean | undefined>, body?: () => void): void {
    const indent = '  '.repeat(this.depth);
    if (!body) {
      this.parts.push(`${indent}<${name}${xmlAttrs(attrs)}/>\n`);
      return;
    }
    this.parts.push(`${indent}<${name}${xmlAttrs(attrs)}>\n`);
    this.depth += 1;
    body();
    this.depth -= 1;
    this.parts.push(`${indent}</${name}>\n`);
  }

  toBuffer(): Buffer {
    return Buffer.from(this.parts.join(''), 'utf8');
  }
}
