import { FrameworkError } from '../../errors.js';

/** One element of a request body: its local name, its child elements in order, and its text. */
export interface XmlNode {
  readonly name: string;
  readonly children: readonly XmlNode[];
  readonly text: string;
}

const entities: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Reads the small XML documents S3 requests carry (CreateBucketConfiguration, Delete, CompleteMultipartUpload,
 * VersioningConfiguration …): elements, text, the five entities and character references. Attributes (`xmlns`) are
 * skipped, namespace prefixes dropped; a DOCTYPE (entity expansion) is refused. Anything not well formed is S3's
 * MalformedXML, as S3 answers it.
 */
export function parseXml(text: string): XmlNode {
  let at = 0;
  const fail = (): never => {
    throw new FrameworkError('serialization');
  };
  const skipMisc = () => {
    for (;;) {
      while (at < text.length && /\s/.test(text[at]!)) at++;
      if (text.startsWith('<?', at)) at = closeOf('?>');
      else if (text.startsWith('<!--', at)) at = closeOf('-->');
      else return;
    }
  };
  const closeOf = (end: string): number => {
    const found = text.indexOf(end, at);
    if (found < 0) fail();
    return found + end.length;
  };
  const element = (depth: number): XmlNode => {
    if (depth > 32 || text[at] !== '<') fail();
    const head = /^<([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(
      text.slice(at),
    );
    if (!head) return fail();
    at += head[0].length;
    const name = head[1]!.replace(/^[\w.-]+:/, '');
    if (head[3] === '/') return { name, children: [], text: '' };
    const children: XmlNode[] = [];
    let content = '';
    for (;;) {
      if (at >= text.length) fail();
      if (text.startsWith('</', at)) {
        const close = /^<\/([A-Za-z_][\w.:-]*)\s*>/.exec(text.slice(at));
        if (!close || close[1] !== head[1]) fail();
        at += close![0].length;
        return { name, children, text: content };
      }
      if (text.startsWith('<!--', at)) at = closeOf('-->');
      else if (text.startsWith('<![CDATA[', at)) {
        const end = closeOf(']]>');
        content += text.slice(at + 9, end - 3);
        at = end;
      } else if (text[at] === '<') {
        if (text.startsWith('<!', at) || text.startsWith('<?', at)) fail();
        children.push(element(depth + 1));
      } else {
        const next = text.indexOf('<', at);
        content += decode(text.slice(at, next < 0 ? text.length : next), fail);
        at = next < 0 ? text.length : next;
      }
    }
  };
  skipMisc();
  const root = element(0);
  skipMisc();
  if (at !== text.length) fail();
  return root;
}

function decode(raw: string, fail: () => never): string {
  return raw.replace(/&([^;]*);/g, (_, name: string) => {
    if (name.startsWith('#x')) return codePoint(Number.parseInt(name.slice(2), 16), fail);
    if (name.startsWith('#')) return codePoint(Number.parseInt(name.slice(1), 10), fail);
    return entities[name] ?? fail();
  });
}

function codePoint(code: number, fail: () => never): string {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fail();
}

/** The first child named `name`, if any. */
export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

/** Every child named `name`, in order. */
export function children(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}

/** The text of the first child named `name`, if there is one. */
export function childText(node: XmlNode, name: string): string | undefined {
  return child(node, name)?.text;
}
