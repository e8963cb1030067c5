/**
 * Just enough XML checking for rendered SVG, with no parser dependency: every tag
 * balanced, one root <svg>, its attributes and the text of every <text> element.
 */
export interface ParsedSvg {
  root: Record<string, string>;
  texts: string[];
}

const TOKEN = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)|(<)/g;
const ATTR = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function unescape(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}

export function parseSvg(svg: string): ParsedSvg {
  const stack: string[] = [];
  const texts: string[] = [];
  let root: Record<string, string> | undefined;
  let inText = '';
  for (const m of svg.trim().matchAll(TOKEN)) {
    const [, closing, name, attrs, selfClosing, text, stray] = m;
    if (stray) throw new Error(`stray "<" at ${m.index}`);
    if (text !== undefined) {
      if (stack.length === 0 && text.trim() !== '') throw new Error(`text outside the root: ${text.slice(0, 40)}`);
      if (stack.at(-1) === 'text') inText += text;
      continue;
    }
    if (!name) continue;
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
      if (name === 'text') texts.push(unescape(inText));
      continue;
    }
    if (stack.length === 0) {
      if (root) throw new Error('more than one root element');
      root = Object.fromEntries([...(attrs ?? '').matchAll(ATTR)].map((a) => [a[1]!, a[2] ?? a[3] ?? '']));
      root.tag = name;
    }
    if (name === 'text') inText = '';
    if (!selfClosing) stack.push(name);
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
  if (!root) throw new Error('no root element');
  return { root, texts };
}
