/** The content hash that tells an unchanged article from a changed one. */
import type { Article } from '../corpus/article.js';

/** SHA-256 of the fields that make an article's indexed content; Web Crypto, so Workers can run it. */
export async function articleHash(article: Article): Promise<string> {
  const canonical = JSON.stringify([
    article.id,
    article.title,
    article.body,
    article.url,
    article.publishedAt,
    article.category ?? '',
    article.sapo ?? '',
  ]);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
