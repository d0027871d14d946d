/**
 * The XMP namespaces Shoebox reads and writes, by the prefix it uses for them. A file may bind
 * another prefix to the same URI (`xap:` for `xmp:`): names are always compared by URI.
 */
export const NS = {
  x: 'adobe:ns:meta/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  xml: 'http://www.w3.org/XML/1998/namespace',
  xmp: 'http://ns.adobe.com/xap/1.0/',
  dc: 'http://purl.org/dc/elements/1.1/',
  lr: 'http://ns.adobe.com/lightroom/1.0/',
  digiKam: 'http://www.digikam.org/ns/1.0/',
  exif: 'http://ns.adobe.com/exif/1.0/',
  photoshop: 'http://ns.adobe.com/photoshop/1.0/',
  tiff: 'http://ns.adobe.com/tiff/1.0/',
  'mwg-rs': 'http://www.metadataworkinggroup.com/schemas/regions/',
  stArea: 'http://ns.adobe.com/xmp/sType/Area#',
  stDim: 'http://ns.adobe.com/xap/1.0/sType/Dimensions#',
  MP: 'http://ns.microsoft.com/photo/1.2/',
  MPRI: 'http://ns.microsoft.com/photo/1.2/t/RegionInfo#',
  MPReg: 'http://ns.microsoft.com/photo/1.2/t/Region#',
} as const;

export type Prefix = keyof typeof NS;

const PREFIX_OF = new Map<string, string>(Object.entries(NS).map(([p, uri]) => [uri, p]));

/** The in-scope namespace bindings of an element: prefix → URI. */
export type Scope = ReadonlyMap<string, string>;

export const ROOT_SCOPE: Scope = new Map([['xml', NS.xml], ['xmlns', 'http://www.w3.org/2000/xmlns/']]);

/** The scope inside an element whose attributes are `attrs` (name → value). */
export function innerScope(scope: Scope, attrs: Iterable<[string, string]>): Scope {
  let inner: Map<string, string> | undefined;
  for (const [name, value] of attrs) {
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
    inner ??= new Map(scope);
    inner.set(name === 'xmlns' ? '' : name.slice(6), value);
  }
  return inner ?? scope;
}

/**
 * A qualified name as Shoebox spells it (`dc:subject` whatever prefix the file used), or
 * `{uri}local` for a namespace Shoebox does not know. Attributes without a prefix have no namespace.
 */
export function resolveName(qname: string, scope: Scope, attribute = false): string {
  const colon = qname.indexOf(':');
  const prefix = colon < 0 ? '' : qname.slice(0, colon);
  const local = colon < 0 ? qname : qname.slice(colon + 1);
  if (attribute && colon < 0) return local;
  const uri = scope.get(prefix);
  if (uri === undefined) return qname;
  const known = PREFIX_OF.get(uri);
  return known ? `${known}:${local}` : `{${uri}}${local}`;
}

export const isNamespaceDeclaration = (name: string) => name === 'xmlns' || name.startsWith('xmlns:');
