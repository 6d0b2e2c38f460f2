/**
 * The widget's CSS, inside its shadow root: the host page's styles cannot break it, and it
 * cannot leak into the page. Sites theme it with custom properties, which do cross the shadow
 * boundary:
 *
 * @example
 * hoi-dap-thong-minh { --hd-accent: #9b1c1c; --hd-radius: 4px; --hd-font: "Noto Sans", sans-serif; }
 *
 * --hd-accent, --hd-accent-text   buttons, links, the focus ring
 * --hd-bg, --hd-surface           panel and question/source backgrounds
 * --hd-text, --hd-muted           text colours
 * --hd-border, --hd-mark          borders; the highlight on a quoted sentence and a cited source
 * --hd-radius, --hd-font, --hd-font-size
 */
export const CSS = `
:host{display:block;box-sizing:border-box;max-width:100%;
  --_accent:var(--hd-accent,#0b57d0);--_accent-text:var(--hd-accent-text,#fff);
  --_bg:var(--hd-bg,#fff);--_surface:var(--hd-surface,#f3f5f8);--_text:var(--hd-text,#1b1c1f);
  --_muted:var(--hd-muted,#5a5f66);--_border:var(--hd-border,#d5d9df);--_mark:var(--hd-mark,#fff0a8);
  --_radius:var(--hd-radius,12px);
  font-family:var(--hd-font,system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif);
  font-size:var(--hd-font-size,16px);line-height:1.55;color:var(--_text)}
:host([hidden]){display:none}
*,*::before,*::after{box-sizing:border-box}
.panel{background:var(--_bg);border:1px solid var(--_border);border-radius:var(--_radius);padding:16px;min-width:0}
.head{display:flex;align-items:flex-start;justify-content:space-between;gap:8px;flex-wrap:wrap}
h2{margin:0;font-size:1.2em;line-height:1.3;display:flex;align-items:center;gap:8px}
h2::before{content:"";width:10px;height:10px;border-radius:50%;background:var(--_accent);flex:none}
.intro{margin:4px 0 0;color:var(--_muted);font-size:.9em}
button,textarea,input{font:inherit;color:inherit}
button{cursor:pointer}
:focus-visible{outline:3px solid var(--_accent);outline-offset:2px}
.sr-only{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.ask{display:flex;gap:8px;align-items:flex-end;margin-top:12px}
.ask textarea{flex:1;min-width:0;min-height:48px;max-height:160px;resize:vertical;padding:11px 12px;border:1px solid var(--_border);border-radius:calc(var(--_radius) - 4px);background:var(--_bg);line-height:1.4}
.ask textarea:focus-visible{outline-offset:0;border-color:var(--_accent)}
.primary{min-height:48px;min-width:64px;padding:0 18px;border:0;border-radius:calc(var(--_radius) - 4px);background:var(--_accent);color:var(--_accent-text);font-weight:600}
.primary[disabled]{opacity:.55;cursor:progress}
.ghost{min-height:44px;padding:0 12px;border:1px solid var(--_border);border-radius:999px;background:var(--_bg)}
.suggest{margin:12px 0 0}
.suggest p{margin:0 0 6px;font-size:.85em;color:var(--_muted);font-weight:600;text-transform:uppercase;letter-spacing:.03em}
.suggest ul{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:6px}
.suggest button{width:100%;min-height:44px;text-align:left;padding:8px 12px;border:1px solid var(--_border);border-radius:calc(var(--_radius) - 4px);background:var(--_surface);overflow-wrap:anywhere}
.suggest button:hover{border-color:var(--_accent)}
.thread{list-style:none;margin:12px 0 0;padding:0;display:flex;flex-direction:column;gap:16px}
.turn{border-top:1px solid var(--_border);padding-top:12px}
.q{margin:0 0 8px;font-weight:600;overflow-wrap:anywhere}
.q::before{content:"\\201C"}.q::after{content:"\\201D"}
.meta{margin:0 0 6px;font-size:.85em;color:var(--_muted)}
.short{margin:0 0 6px;font-size:1.6em;line-height:1.25;font-weight:700;overflow-wrap:anywhere}
.short::first-letter{text-transform:uppercase}
.short.low,.short.long{font-size:1.25em}
.unsure{margin:0 0 8px;padding:6px 10px;border-radius:8px;background:#fff4e5;color:#7a4100;font-size:.9em}
.answer{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
.answer.quoted{padding-left:12px;border-left:3px solid var(--_border);color:var(--_text)}
.answer mark{font-weight:600}
.reply[aria-busy="true"] .answer:not(:empty)::after{content:"";display:inline-block;width:.45em;height:1em;margin-left:2px;vertical-align:-.15em;background:var(--_accent);opacity:.6;animation:hd-blink 1s steps(2) infinite}
@keyframes hd-blink{50%{opacity:0}}
.thinking{color:var(--_muted);font-style:italic;margin:0}
.cite{color:var(--_accent);font-weight:600;text-decoration:none;padding:0 2px;border-radius:4px;white-space:nowrap}
.cite:hover{text-decoration:underline}
.error{margin:0 0 8px;padding:10px 12px;border-radius:8px;background:#fdecea;color:#8a1c12;white-space:normal}
.sources{margin:12px 0 0}
.src-toggle{display:inline-flex;align-items:center;gap:6px;min-height:44px;padding:0 4px;margin:0 0 2px;border:0;background:none;font-size:.85em;color:var(--_muted);font-weight:600;text-transform:uppercase;letter-spacing:.03em;border-radius:6px}
.src-toggle:hover{color:var(--_text)}
.src-toggle[aria-expanded="true"] .src-chev{transform:rotate(180deg)}
.sources ol[hidden]{display:none}
.old{display:flex;flex-wrap:wrap;align-items:center;column-gap:12px}
.old>*{flex-basis:100%}
.old .short{font-size:1.25em}
.old .sources,.old .feedback{flex:0 1 auto;margin-top:4px}
.old .sources:has(ol:not([hidden])),.old .feedback:has(.fb-form:not([hidden])){flex-basis:100%}
.old:not([data-found=false]) .feedback>span{display:none}
.old .answer.quoted{display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:3;line-clamp:3;overflow:hidden}
.old:has(.sources ol:not([hidden])) .answer.quoted,.old .answer.quoted:focus-within{display:block;-webkit-line-clamp:none;line-clamp:none}
.sources ol{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:6px}
.source{border:1px solid var(--_border);border-radius:calc(var(--_radius) - 4px);background:var(--_surface);scroll-margin:16px;transition:box-shadow .2s,border-color .2s}
.source.target{border-color:var(--_accent);box-shadow:0 0 0 3px var(--_mark)}
.src-head{display:flex;gap:8px;align-items:flex-start;width:100%;min-height:44px;padding:10px 12px;border:0;background:none;text-align:left;border-radius:inherit}
.src-n{color:var(--_accent);font-weight:700;flex:none}
.src-main{flex:1;min-width:0}
.src-title{display:block;font-weight:600;overflow-wrap:anywhere}
.src-date{display:block;font-size:.85em;color:var(--_muted)}
.src-chev{flex:none;transition:transform .2s;color:var(--_muted)}
.src-head[aria-expanded="true"] .src-chev{transform:rotate(180deg)}
.src-body{padding:0 12px 12px}
.src-body[hidden]{display:none}
blockquote{margin:0 0 8px;padding:8px 12px;border-left:3px solid var(--_accent);background:var(--_bg);white-space:pre-wrap;overflow-wrap:anywhere;font-size:.95em}
mark{background:var(--_mark);color:inherit;padding:0 1px}
.next{margin:12px 0 0}
.next p{margin:0 0 6px;font-size:.9em;color:var(--_muted)}
.next ul{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:6px}
.next ul button{width:100%;min-height:44px;text-align:left;padding:8px 12px;border:1px solid var(--_border);border-radius:calc(var(--_radius) - 4px);background:var(--_surface);overflow-wrap:anywhere}
.next ul button:hover{border-color:var(--_accent)}
.old .next{display:none}
.search{display:inline-flex;align-items:center;min-height:44px;margin-top:4px;color:var(--_accent);overflow-wrap:anywhere}
.earlier{display:block;width:100%;margin:12px 0 0}
.earlier[hidden],.turn[hidden]{display:none}
.src-link{display:inline-flex;align-items:center;min-height:44px;color:var(--_accent);overflow-wrap:anywhere}
.feedback{margin:12px 0 0;display:flex;flex-wrap:wrap;align-items:center;gap:8px}
.feedback>span{font-size:.9em;color:var(--_muted)}
.rate{min-width:44px;min-height:44px;border:1px solid var(--_border);border-radius:999px;background:var(--_bg);font-size:1.1em;line-height:1}
.rate[aria-pressed="true"]{border-color:var(--_accent);background:var(--_surface);box-shadow:inset 0 0 0 1px var(--_accent)}
.rate[aria-disabled="true"]{cursor:default}
.fb-form{flex-basis:100%;margin:4px 0 0;padding:12px;border:1px solid var(--_border);border-radius:calc(var(--_radius) - 4px)}
.fb-form[hidden]{display:none}
fieldset{border:0;margin:0;padding:0;min-width:0}
legend{padding:0;margin:0 0 8px;font-weight:600}
.tags{display:flex;flex-wrap:wrap;gap:6px}
.tag{display:inline-flex;align-items:center;gap:6px;min-height:44px;padding:0 12px;border:1px solid var(--_border);border-radius:999px;background:var(--_bg);cursor:pointer}
.tag:has(input:checked){border-color:var(--_accent);background:var(--_surface)}
.tag input{width:18px;height:18px;margin:0;accent-color:var(--_accent)}
.fb-form label.note{display:block;margin:10px 0 4px;font-size:.9em}
.fb-form textarea{width:100%;min-height:64px;padding:8px 10px;border:1px solid var(--_border);border-radius:8px;resize:vertical}
.fb-form .primary{margin-top:8px}
.fb-status{flex-basis:100%;margin:0;font-size:.9em;color:var(--_muted)}
.fb-status:empty{display:none}
@media (max-width:480px){.panel{padding:12px}.primary{padding:0 14px}.feedback>span{flex-basis:100%}}
@media (prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important}}
`;
