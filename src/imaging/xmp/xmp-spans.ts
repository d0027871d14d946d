import { innerScope, isNamespaceDeclaration, resolveName, type Scope } from './namespaces';

/*
 * Where things are in an XMP packet's text, so that a merge can cut out exactly the properties it
 * replaces and leave every other byte as it was. Runs only on text fast-xml-parser has validated
 * as well-formed (xmp-tree.ts `checkWellFormed`), so a tag is always closed and quotes balance.
 */

/** A property of an `rdf:Description`: an attribute or a child element, and the text it spans. */
export interface PropertySpan {
  /** Resolved name (`dc:subject`, `{uri}local`). */
  name: string;
  start: number;
  end: number;
  description: DescriptionSpan;
}

export interface DescriptionSpan {
  start: number;
  end: number;
  /** Properties in it (attributes and child elements). */
  properties: PropertySpan[];
}

export interface PacketSpans {
  descriptions: DescriptionSpan[];
  /** Where `</rdf:RDF>` starts: new properties go just before it. */
  rdfEnd: number;
  /** The prefix the packet binds to RDF's namespace (nearly always `rdf`). */
  rdfPrefix: string;
}

const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<![^>]*>|<\/([^\s>]+)\s*>|<([^\s/>!?]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const ATTRIBUTE = /(\s+)([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')/g;

const unquote = (v: string) => v.slice(1, -1);

interface Open {
  qname: string;
  name: string;
  scope: Scope;
  start: number;
  description?: DescriptionSpan;
  /** This element is a property of the description: its span ends with its end tag. */
  property?: PropertySpan;
}

/** The descriptions, their properties and the end of `rdf:RDF`, by position in `xml`. */
export function spansOf(xml: string): PacketSpans {
  const stack: Open[] = [];
  const descriptions: DescriptionSpan[] = [];
  let rdfEnd = -1;
  let rdfPrefix = 'rdf';
  const root: Scope = new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]);
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(xml); m; m = TOKEN.exec(xml)) {
    const parent = stack[stack.length - 1];
    if (m[1] !== undefined) {
      const open = stack.pop();
      if (open?.property) open.property.end = m.index + m[0].length;
      if (open?.description) open.description.end = m.index + m[0].length;
      if (open?.name === 'rdf:RDF') rdfEnd = m.index;
      continue;
    }
    if (m[2] === undefined) continue; // comment, CDATA, processing instruction
    const attrText = m[3] ?? '';
    const attrs: [string, string, number, number][] = [];
    ATTRIBUTE.lastIndex = 0;
    const attrsAt = m.index + 1 + m[2].length;
    for (let a = ATTRIBUTE.exec(attrText); a; a = ATTRIBUTE.exec(attrText)) {
      attrs.push([a[2] as string, unquote(a[3] as string), attrsAt + a.index, attrsAt + a.index + a[0].length]);
    }
    const scope = innerScope(parent?.scope ?? root, attrs.map(([n, v]) => [n, v]));
    const name = resolveName(m[2], scope);
    const open: Open = { qname: m[2], name, scope, start: m.index };
    if (name === 'rdf:RDF') rdfPrefix = m[2].includes(':') ? m[2].slice(0, m[2].indexOf(':')) : '';
    if (name === 'rdf:Description' && stack.every((o) => !o.description)) {
      const description: DescriptionSpan = { start: m.index, end: m.index + m[0].length, properties: [] };
      for (const [attr, , start, end] of attrs) {
        if (isNamespaceDeclaration(attr)) continue;
        const resolved = resolveName(attr, scope, true);
        if (!resolved.startsWith('rdf:') && !resolved.startsWith('xml:')) description.properties.push({ name: resolved, start, end, description });
      }
      descriptions.push(description);
      open.description = description;
    } else if (parent?.description) {
      const property: PropertySpan = { name, start: m.index, end: m.index + m[0].length, description: parent.description };
      parent.description.properties.push(property);
      open.property = property;
    }
    if (m[4] !== '/') stack.push(open);
  }
  if (rdfEnd < 0) throw new Error('The XMP has no rdf:RDF element to write into.');
  return { descriptions, rdfEnd, rdfPrefix };
}
