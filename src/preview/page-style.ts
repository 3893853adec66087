/**
 * The preview page's own stylesheet (layout, toolbar, badges). The cards
 * themselves are styled only by the notetype CSS, which the page loads
 * first, unchanged, from its own file.
 */
export const pageCss = `:root {
  color-scheme: light dark;
  --dp-page: #f6f8fa;
  --dp-panel: #ffffff;
  --dp-text: #1f2328;
  --dp-muted: #59636e;
  --dp-border: #d1d9e0;
  --dp-accent: #0969da;
  --dp-chip: #ddf4ff;
  --dp-chip-text: #0550ae;
  --dp-error: #cf222e;
  --dp-error-soft: #ffebe9;
  --dp-warning: #9a6700;
  --dp-warning-soft: #fff8c5;
  --dp-good: #1a7f37;
  --dp-good-soft: #dafbe1;
  --dp-shadow: 0 1px 2px rgba(31, 35, 40, 0.06), 0 3px 10px rgba(31, 35, 40, 0.05);
}
@media (prefers-color-scheme: dark) {
  :root {
    --dp-page: #0d1117;
    --dp-panel: #151b23;
    --dp-text: #e6edf3;
    --dp-muted: #9198a1;
    --dp-border: #3d444d;
    --dp-accent: #4493f8;
    --dp-chip: #12263f;
    --dp-chip-text: #79c0ff;
    --dp-error: #ff7b72;
    --dp-error-soft: #3a1618;
    --dp-warning: #d29922;
    --dp-warning-soft: #33280b;
    --dp-good: #3fb950;
    --dp-good-soft: #10291a;
    --dp-shadow: 0 1px 2px rgba(0, 0, 0, 0.4);
  }
}
* { box-sizing: border-box; }
body.dp-page {
  margin: 0;
  background: var(--dp-page);
  color: var(--dp-text);
  font: 15px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif;
}
.dp-page code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.9em; }
.dp-wrap { max-width: 1280px; margin: 0 auto; padding: 0 24px; }
.dp-header { padding: 28px 0 12px; }
.dp-header h1 { margin: 0; font-size: 26px; font-weight: 650; letter-spacing: -0.01em; }
.dp-header h1 .dp-kicker { display: block; font-size: 13px; font-weight: 600; letter-spacing: 0.08em; text-transform: uppercase; color: var(--dp-muted); }
.dp-summary { margin: 6px 0 0; color: var(--dp-muted); }
.dp-summary strong { color: var(--dp-text); }
.dp-diagnostics { margin: 12px 0 4px; border: 1px solid var(--dp-border); border-radius: 10px; background: var(--dp-panel); overflow: hidden; }
.dp-diagnostics.dp-has-errors { border-color: var(--dp-error); }
.dp-diagnostics summary { cursor: pointer; padding: 10px 14px; font-weight: 600; }
.dp-diagnostics ul { list-style: none; margin: 0; padding: 0 14px 10px; max-height: 40vh; overflow: auto; }
.dp-diagnostics li { padding: 6px 0; border-top: 1px solid var(--dp-border); }
.dp-diagnostic-place { color: var(--dp-muted); }
.dp-diagnostic-hint { color: var(--dp-muted); margin-left: 1.5em; }
.dp-severity { display: inline-block; min-width: 5.2em; text-align: center; font-size: 12px; font-weight: 600; border-radius: 999px; padding: 0 8px; margin: 0 6px; }
.dp-severity-error { color: var(--dp-error); background: var(--dp-error-soft); }
.dp-severity-warning { color: var(--dp-warning); background: var(--dp-warning-soft); }
.dp-clean { margin: 10px 0 0; color: var(--dp-good); }
.dp-toolbar { position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 12px 0; background: var(--dp-page); border-bottom: 1px solid var(--dp-border); }
.dp-toolbar input, .dp-toolbar select, .dp-toolbar button {
  font: inherit; color: var(--dp-text); background: var(--dp-panel);
  border: 1px solid var(--dp-border); border-radius: 8px; padding: 7px 10px;
}
.dp-toolbar input[type="search"] { flex: 2 1 240px; min-width: 180px; }
.dp-toolbar select { flex: 1 1 150px; min-width: 0; max-width: 300px; }
.dp-toolbar input:focus, .dp-toolbar select:focus, .dp-toolbar button:focus { outline: 2px solid var(--dp-accent); outline-offset: 1px; }
.dp-toolbar button { cursor: pointer; }
.dp-count { margin-left: auto; color: var(--dp-muted); white-space: nowrap; }
.dp-deck { margin: 26px 0 8px; }
.dp-deck-title { margin: 0 0 12px; font-size: 19px; font-weight: 650; display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 10px; }
.dp-deck-parent { color: var(--dp-muted); font-weight: 500; }
.dp-deck-count { color: var(--dp-muted); font-size: 13px; font-weight: 500; }
/* Off-screen cards are neither laid out nor painted, so a deck of thousands of cards opens quickly. */
.dp-card { content-visibility: auto; contain-intrinsic-size: auto 360px; }
.dp-card { margin: 0 0 16px; background: var(--dp-panel); border: 1px solid var(--dp-border); border-radius: 12px; box-shadow: var(--dp-shadow); overflow: hidden; }
.dp-card[hidden], .dp-deck[hidden] { display: none; }
.dp-card-head { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px; padding: 9px 14px; border-bottom: 1px solid var(--dp-border); font-size: 13px; color: var(--dp-muted); }
.dp-card-type { font-weight: 600; color: var(--dp-text); }
.dp-noid { color: var(--dp-warning); background: var(--dp-warning-soft); border-radius: 999px; padding: 0 8px; font-weight: 600; }
.dp-badge { margin-left: auto; border-radius: 999px; padding: 1px 10px; font-weight: 600; font-size: 12px; border: 1px solid transparent; }
.dp-badge-confirmed { color: var(--dp-good); background: var(--dp-good-soft); }
.dp-badge-refuted { color: var(--dp-error); background: var(--dp-error-soft); }
.dp-badge-supported { color: var(--dp-warning); background: var(--dp-warning-soft); }
.dp-badge-unverified { color: var(--dp-muted); border-color: var(--dp-border); }
.dp-reason { flex-basis: 100%; margin: 0; color: var(--dp-muted); }
.dp-badge-refuted + .dp-reason { color: var(--dp-error); }
.dp-sides { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; padding: 14px; }
@media (max-width: 900px) { .dp-sides { grid-template-columns: 1fr; } }
.dp-side { min-width: 0; display: flex; flex-direction: column; }
.dp-side-label { font-size: 11px; font-weight: 700; letter-spacing: 0.08em; text-transform: uppercase; color: var(--dp-muted); margin: 0 0 6px 2px; }
.dp-face { flex: 1; border: 1px solid var(--dp-border); border-radius: 10px; overflow: auto; }
/* Anki's reviewer shows cards at 20px; a preview fits two sides per row, so it shows them a little smaller. */
.dp-face > .card { zoom: 0.8; min-height: 100%; max-width: none; padding: 0.8em 1em; }
.dp-face audio { max-width: 100%; vertical-align: middle; }
.dp-face video { max-width: 100%; max-height: 60vh; vertical-align: middle; }
.dp-card-foot { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 14px; padding: 9px 14px; border-top: 1px solid var(--dp-border); font-size: 13px; color: var(--dp-muted); }
.dp-tags { display: flex; flex-wrap: wrap; gap: 4px; }
.dp-tag { font: inherit; font-size: 12px; cursor: pointer; color: var(--dp-chip-text); background: var(--dp-chip); border: 0; border-radius: 999px; padding: 1px 9px; }
.dp-tag:hover, .dp-tag:focus { outline: 1px solid var(--dp-chip-text); }
.dp-labs { display: flex; flex-wrap: wrap; gap: 4px 12px; }
.dp-lab code { color: var(--dp-text); }
.dp-source { margin-left: auto; }
.dp-empty { padding: 40px 0; text-align: center; color: var(--dp-muted); }
.dp-footer { padding: 24px 0 40px; color: var(--dp-muted); font-size: 13px; }
@media print {
  .dp-toolbar { display: none; }
  .dp-card { content-visibility: visible; box-shadow: none; break-inside: avoid; }
  .dp-deck-title { break-after: avoid; }
}
`
