/**
 * Saved article pages (.html): Mozilla Readability (over linkedom's DOM) finds the article
 * among the page's furniture; the page's own metadata gives the title, date and canonical URL;
 * then the text goes through the same boilerplate rules as scraped text pages, so captions,
 * "Đọc nhiều" lists and teasers that Readability keeps are dropped the same way.
 *
 * @example
 * const result = parseHtmlPage(html, { id: 'chile-2024-11-10', origin: 'corpus/chile.html' });
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { toIsoDate } from './dates.js';
import { finishDraft, isSkipped, skipped, type ParseResult } from './draft.js';
import { parseScrapedPage, type InputSource } from './scraped.js';

/** Elements whose text stands on a line of its own. */
const BLOCKS = new Set([
  'P',
  'DIV',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'LI',
  'BLOCKQUOTE',
  'FIGCAPTION',
  'TR',
  'SECTION',
  'ARTICLE',
  'BR',
  'PRE',
  'TABLE',
  'UL',
  'OL',
  'FIGURE',
  'HEADER',
  'FOOTER',
]);

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

interface DomElement extends DomNode {
  getAttribute(name: string): string | null;
}

/**
 * The parts of linkedom's document this module reads. linkedom declares `parseHTML`'s result with the DOM lib's
 * `Window`, which server code does not load (tsconfig.json has no DOM): without this type every use would be `any`.
 */
interface HtmlDocument {
  documentElement: DomNode | null;
  body: DomNode | null;
  querySelector(selector: string): DomElement | null;
}

function parseDocument(html: string): HtmlDocument {
  const window: unknown = parseHTML(html);
  return (window as { document: HtmlDocument }).document;
}

/**
 * Readability as this module uses it: over linkedom's document, which is what it reads at run time. Its declared
 * parameter is the DOM lib's `Document`, unknown to server code, and known where the widget's browser tests compile
 * this file again with DOM: typed here so that the call checks the same in both.
 */
const ReadabilityOverLinkedom = Readability as unknown as new (
  document: HtmlDocument,
  options: { charThreshold: number },
) => { parse(): { content?: string | null } | null };

/** Text of a DOM subtree with block elements on lines of their own; scripts and styles dropped. */
function blockText(node: DomNode, out: string[] = []): string[] {
  if (node.nodeType === 3) {
    out.push((node.textContent ?? '').replace(/\s+/g, ' '));
    return out;
  }
  if (node.nodeType !== 1 || /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE|SVG|IFRAME)$/.test(node.nodeName)) return out;
  const block = BLOCKS.has(node.nodeName);
  if (block) out.push('\n');
  for (let i = 0; i < node.childNodes.length; i++) blockText(node.childNodes[i]!, out);
  if (block) out.push('\n');
  return out;
}

/**
 * linkedom parses a fragment (text, "<p>…", a lone comment) into a document without an <html>
 * root, which Readability refuses and whose `body` getter throws: fragments get a page around them.
 */
function loadDocument(html: string): HtmlDocument {
  const document = parseDocument(html);
  if (document.documentElement?.nodeName === 'HTML') return document;
  return parseDocument(`<!doctype html><html><head></head><body>${html}</body></html>`);
}

export function parseHtmlPage(html: string, source: InputSource): ParseResult {
  const document = loadDocument(html);
  const meta = (selector: string, attribute = 'content') => document.querySelector(selector)?.getAttribute(attribute)?.trim() ?? '';
  const title =
    meta('meta[property="og:title"]') ||
    document.querySelector('h1')?.textContent?.trim() ||
    document.querySelector('title')?.textContent?.trim() ||
    '';
  const url = meta('link[rel="canonical"]', 'href') || meta('meta[property="og:url"]');
  const date = toIsoDate(
    meta('meta[property="article:published_time"]') ||
      meta('meta[name="pubdate"]') ||
      meta('meta[itemprop="datePublished"]') ||
      meta('time[datetime]', 'datetime'),
  );
  const description = meta('meta[name="description"]') || meta('meta[property="og:description"]');

  // Readability changes the document it reads: it gets its own parse.
  const article = new ReadabilityOverLinkedom(loadDocument(html), { charThreshold: 200 }).parse();
  const root = article?.content ? parseDocument(`<html><body>${article.content}</body></html>`).body : document.body;
  if (!root) return skipped(source.origin, 'no <body> in the page', 'check that the file is a saved HTML page');
  const text = blockText(root)
    .join('')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{2,}/g, '\n\n');

  // The headline line lets the scraped-page rules find the lead and drop its repeats.
  const parsed = parseScrapedPage(`${title}\n\n${text}`, source);
  if (isSkipped(parsed)) return parsed;
  return finishDraft({
    id: parsed.id,
    origin: parsed.origin,
    title: title || parsed.title,
    body: parsed.body,
    sapo: parsed.sapo || description,
    url: /^https?:\/\//i.test(url) ? url : '',
    publishedAt: date || parsed.publishedAt,
    ...(parsed.category ? { category: parsed.category } : {}),
  });
}
