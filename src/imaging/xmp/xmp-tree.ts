import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { innerScope, isNamespaceDeclaration, resolveName, ROOT_SCOPE, type Scope } from './namespaces';

/**
 * An XMP property's value, in RDF's three shapes: simple text, an array (`rdf:Bag`, `rdf:Seq`;
 * a language `rdf:Alt` becomes its `x-default` text), or a struct keyed by resolved names.
 */
export type XmpValue = string | XmpValue[] | XmpStruct;
export interface XmpStruct {
  [name: string]: XmpValue;
}

export class XmpError extends Error {
  override name = 'XmpError';
}

/*
 * fast-xml-parser: runs in workers (the browser's DOMParser does not), keeps prefixes as written
 * (namespaces are resolved here, by URI), and does not expand DTD entities unless asked.
 */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  htmlEntities: false,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

type Node = Record<string, unknown>;
type Children = [qname: string, node: unknown][];

function split(node: unknown): { attrs: [string, string][]; children: Children; text: string | undefined } {
  if (typeof node !== 'object' || node === null) return { attrs: [], children: [], text: node === undefined ? undefined : String(node) };
  const attrs: [string, string][] = [];
  const children: Children = [];
  let text: string | undefined;
  for (const [key, value] of Object.entries(node as Node)) {
    if (key === '#text') text = String(value);
    else if (key.startsWith('@')) attrs.push([key.slice(1), String(value)]);
    else for (const child of value as unknown[]) children.push([key, child]);
  }
  return { attrs, children, text };
}

const CONTAINERS = new Set(['rdf:Bag', 'rdf:Seq', 'rdf:Alt']);

/** Properties given as attributes (`xmp:Rating="5"`): every attribute but RDF's own and namespaces. */
function attributeProperties(attrs: readonly [string, string][], scope: Scope, into: XmpStruct): void {
  for (const [name, value] of attrs) {
    if (isNamespaceDeclaration(name)) continue;
    const resolved = resolveName(name, scope, true);
    if (resolved.startsWith('rdf:') || resolved.startsWith('xml:')) continue;
    into[resolved] = value;
  }
}

/** The properties of an `rdf:Description` (or a `parseType="Resource"` element): attributes and child elements. */
function properties(attrs: readonly [string, string][], children: Children, scope: Scope): XmpStruct {
  const out: XmpStruct = {};
  attributeProperties(attrs, scope, out);
  for (const [qname, child] of children) out[resolveName(qname, scope)] = value(child, scope);
  return out;
}

function value(node: unknown, outer: Scope): XmpValue {
  const { attrs, children, text } = split(node);
  const scope = innerScope(outer, attrs);
  const named = children.map(([q, n]) => [resolveName(q, scope), n] as const);
  const container = named.find(([q]) => CONTAINERS.has(q));
  if (container) {
    const inner = split(container[1]);
    const innerScopeOf = innerScope(scope, inner.attrs);
    const items = inner.children.filter(([q]) => resolveName(q, innerScopeOf) === 'rdf:li');
    if (container[0] === 'rdf:Alt') {
      const langOf = (li: unknown) => split(li).attrs.find(([n]) => resolveName(n, innerScopeOf, true) === 'xml:lang')?.[1];
      const chosen = items.find(([, li]) => langOf(li) === 'x-default') ?? items[0];
      return chosen ? value(chosen[1], innerScopeOf) : '';
    }
    return items.map(([, li]) => value(li, innerScopeOf));
  }
  const description = named.find(([q]) => q === 'rdf:Description');
  if (description) {
    const d = split(description[1]);
    const dScope = innerScope(scope, d.attrs);
    return properties(d.attrs, d.children, dScope);
  }
  const hasProperties = attrs.some(([n]) => !isNamespaceDeclaration(n) && !resolveName(n, scope, true).startsWith('rdf:') && !resolveName(n, scope, true).startsWith('xml:'));
  const resource = attrs.some(([n, v]) => resolveName(n, scope, true) === 'rdf:parseType' && v === 'Resource');
  if (resource || hasProperties || children.length) return properties(attrs, children, scope);
  return text ?? '';
}

/** Every `rdf:Description` in the tree, with its scope. */
function* descriptions(qname: string, node: unknown, outer: Scope): Generator<{ attrs: [string, string][]; children: Children; scope: Scope }> {
  const { attrs, children } = split(node);
  const scope = innerScope(outer, attrs);
  if (resolveName(qname, scope) === 'rdf:Description') {
    yield { attrs, children, scope };
    return;
  }
  for (const [q, child] of children) yield* descriptions(q, child, scope);
}

/** The XML of the first XMP packet in a text: from `<x:xmpmeta` (or a bare `<rdf:RDF`) to its end. */
export function packetOf(text: string): string | undefined {
  const start = /<([\w-]+:)?xmpmeta[\s>]|<rdf:RDF[\s>]/.exec(text);
  if (!start) return undefined;
  // An empty packet (`<x:xmpmeta …/>`) is XMP that says nothing.
  const tagEnd = text.indexOf('>', start.index);
  if (tagEnd > 0 && text[tagEnd - 1] === '/') return text.slice(start.index, tagEnd + 1);
  const end = start[0].startsWith('<rdf:') ? /<\/rdf:RDF\s*>/g : new RegExp(`</${start[1] ?? ''}xmpmeta\\s*>`, 'g');
  end.lastIndex = start.index;
  const m = end.exec(text);
  return m ? text.slice(start.index, m.index + m[0].length) : undefined;
}

/** Check that a packet is well-formed XML; throws an XmpError that says where it is not. */
export function checkWellFormed(xml: string): void {
  const result = XMLValidator.validate(xml);
  if (result !== true) throw new XmpError(`The XMP is not well-formed XML (line ${result.err.line}: ${result.err.msg}).`);
}

/**
 * Parse an XMP packet (a sidecar file's text, or the packet embedded in a picture) into its
 * properties, every `rdf:Description` merged. Throws an XmpError when it is not XMP at all.
 */
export function parseXmp(text: string): XmpStruct {
  const xml = packetOf(text);
  if (!xml) throw new XmpError('No XMP packet (x:xmpmeta or rdf:RDF) was found.');
  checkWellFormed(xml);
  const tree = parser.parse(xml) as Node;
  const out: XmpStruct = {};
  for (const [qname, nodes] of Object.entries(tree)) {
    for (const node of nodes as unknown[]) {
      for (const d of descriptions(qname, node, ROOT_SCOPE)) Object.assign(out, properties(d.attrs, d.children, d.scope));
    }
  }
  return out;
}
