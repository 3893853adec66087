/**
 * decklab's card stylesheet: one sheet for every notetype, readable in Anki's
 * light and dark modes. Anki marks dark mode with `nightMode`/`night_mode`
 * classes on `body` and on the `.card` element (desktop and AnkiDroid), so
 * colours live in custom properties that the night-mode rule swaps.
 */
export const baseCss = `.card {
  --decklab-text: #1f2328;
  --decklab-background: #ffffff;
  --decklab-muted: #59636e;
  --decklab-border: #d1d9e0;
  --decklab-inline-code-background: rgba(129, 139, 152, 0.15);
  --decklab-link: #0969da;
  --decklab-cloze: #0969da;
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif;
  font-size: 20px;
  line-height: 1.5;
  text-align: left;
  color: var(--decklab-text);
  background-color: var(--decklab-background);
  max-width: 40em;
  margin: 0 auto;
  padding: 0 0.5em;
  overflow-wrap: break-word;
}
.nightMode .card, .night_mode .card, .card.nightMode, .card.night_mode {
  --decklab-text: #e6edf3;
  --decklab-background: #1f2126;
  --decklab-muted: #9198a1;
  --decklab-border: #3d444d;
  --decklab-inline-code-background: rgba(101, 108, 118, 0.3);
  --decklab-link: #4493f8;
  --decklab-cloze: #58a6ff;
}
.card a { color: var(--decklab-link); }
.card hr, .card hr#answer { border: 0; border-top: 1px solid var(--decklab-border); margin: 1em 0; }
.card p { margin: 0.5em 0; }
.card ul, .card ol { margin: 0.5em 0; padding-left: 1.5em; }
.card li > p { margin: 0.2em 0; }
.card blockquote { margin: 0.5em 0; padding: 0 1em; color: var(--decklab-muted); border-left: 0.25em solid var(--decklab-border); }
.card img { max-width: 100%; height: auto; }
.card table { border-collapse: collapse; margin: 0.5em 0; }
.card th, .card td { border: 1px solid var(--decklab-border); padding: 0.3em 0.7em; }
.card th { font-weight: 600; }
.card code, .card kbd {
  font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
  font-size: 0.85em;
}
/* Code blocks, <mark> and the lab footer are styled by the renderer's CSS (appended). */
.card pre { margin: 0.6em 0; line-height: 1.45; }
.card :not(pre) > code { background-color: var(--decklab-inline-code-background); padding: 0.1em 0.35em; border-radius: 4px; }
.card .cloze { font-weight: bold; color: var(--decklab-cloze); }
.card input#typeans { width: 100%; box-sizing: border-box; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9em; }
`
