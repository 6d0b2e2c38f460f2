/**
 * widget.js: defines <hoi-dap-thong-minh> and, for the one-tag install, adds it after the
 * script tag that loaded it.
 *
 * @example
 * <script src="https://hoidap.example.vn/widget.js" data-article-id="bai-123" defer></script>
 * <!-- or place the element yourself, anywhere, and include the script once: -->
 * <hoi-dap-thong-minh article-id="bai-123"></hoi-dap-thong-minh>
 *
 * Script attributes: data-api (the service; default: the script's own origin), data-article-id,
 * data-target (a CSS selector to mount into instead of after the script), data-search-url (the
 * site's search page, `{q}` standing for the question's words, e.g.
 * "https://bao.example.vn/tim-kiem?q={q}": offered when a question finds no answer).
 */
import { HoiDapElement, TAG } from './element.js';

// A classic script (defer or not) sees itself here; this must be read before anything awaits.
const script = document.currentScript as HTMLScriptElement | null;

if (script) {
  HoiDapElement.defaultApi = script.dataset.api?.trim() || (script.src ? new URL(script.src, location.href).origin : '');
  HoiDapElement.defaultSearchUrl = script.dataset.searchUrl?.trim() ?? '';
  if (HoiDapElement.defaultSearchUrl && !HoiDapElement.defaultSearchUrl.includes('{q}')) {
    console.warn('hoi-dap-thong-minh: data-search-url needs {q} where the question goes, e.g. "/tim-kiem?q={q}"; no search link is shown.');
  }
}
if (!customElements.get(TAG)) customElements.define(TAG, HoiDapElement);

if (script && !document.querySelector(TAG)) {
  const mount = () => {
    const el = document.createElement(TAG);
    const articleId = script.dataset.articleId?.trim();
    if (articleId) el.setAttribute('article-id', articleId);
    const target = script.dataset.target ? document.querySelector(script.dataset.target) : null;
    if (target) target.appendChild(el);
    else if (script.parentElement && script.parentElement !== document.head) script.after(el);
    else document.body.appendChild(el);
  };
  // Loaded without defer from <head>, the body may not exist yet.
  if (document.body || document.readyState !== 'loading') mount();
  else document.addEventListener('DOMContentLoaded', mount, { once: true });
}
