/**
 * The renderer's CSS for the notetype stylesheet: code highlighting, `<mark>`,
 * callouts (in Obsidian's colours) and the lab footer, readable in Anki's
 * light mode and in night mode (Anki puts `.nightMode` / `.night_mode` on the
 * card). A callout type's rule names the element as the box's rule does, so
 * it is not the weaker of the two.
 */

const light = `
code.hljs { display: block; overflow-x: auto; padding: 0.6em 0.8em; border-radius: 6px; text-align: left; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.9em; color: #24292f; background: #f6f8fa; }
.hljs-comment, .hljs-quote, .hljs-meta { color: #6e7781; font-style: italic; }
.hljs-keyword, .hljs-selector-tag, .hljs-literal, .hljs-doctag, .hljs-type { color: #cf222e; }
.hljs-string, .hljs-regexp, .hljs-addition, .hljs-attribute, .hljs-meta .hljs-string { color: #0a3069; }
.hljs-number, .hljs-symbol, .hljs-bullet, .hljs-variable, .hljs-template-variable { color: #0550ae; }
.hljs-title, .hljs-title.function_, .hljs-section, .hljs-name { color: #8250df; }
.hljs-built_in, .hljs-title.class_, .hljs-attr, .hljs-property { color: #953800; }
.hljs-deletion { color: #82071e; background: #ffebe9; }
.hljs-addition { background: #dafbe1; }
.hljs-emphasis { font-style: italic; }
.hljs-strong { font-weight: bold; }
mark { background: #fff3a3; color: inherit; padding: 0 0.1em; border-radius: 2px; }
.decklab-lab { margin-top: 1.2em; padding: 0.4em 0.7em; border-left: 3px solid #0969da; background: #f1f6fd; font-size: 0.85em; text-align: left; }
.decklab-lab-title { font-weight: bold; }
.decklab-lab ul { margin: 0.2em 0 0; padding-left: 1.2em; }
.decklab-lab code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
li.task-list-item { list-style: none; }
li.task-list-item input { margin: 0 0.4em 0 -1.2em; }
blockquote.callout { --callout: 8, 109, 221; margin: 0.8em 0; padding: 0.5em 0.8em; border-left: 4px solid rgb(var(--callout)); border-radius: 4px; background: rgba(var(--callout), 0.1); text-align: left; }
blockquote.callout > p { margin: 0.3em 0; }
blockquote.callout > p.callout-title { margin-top: 0; font-weight: bold; color: rgb(var(--callout)); }
blockquote.callout-abstract, blockquote.callout-summary, blockquote.callout-tldr, blockquote.callout-tip, blockquote.callout-hint, blockquote.callout-important { --callout: 0, 191, 188; }
blockquote.callout-success, blockquote.callout-check, blockquote.callout-done { --callout: 8, 185, 78; }
blockquote.callout-question, blockquote.callout-help, blockquote.callout-faq, blockquote.callout-warning, blockquote.callout-caution, blockquote.callout-attention { --callout: 236, 117, 0; }
blockquote.callout-failure, blockquote.callout-fail, blockquote.callout-missing, blockquote.callout-danger, blockquote.callout-error, blockquote.callout-bug { --callout: 233, 49, 71; }
blockquote.callout-example { --callout: 120, 82, 238; }
blockquote.callout-quote, blockquote.callout-cite { --callout: 158, 158, 158; }
`

const dark = `
code.hljs { color: #e6edf3; background: #161b22; }
.hljs-comment, .hljs-quote, .hljs-meta { color: #8b949e; }
.hljs-keyword, .hljs-selector-tag, .hljs-literal, .hljs-doctag, .hljs-type { color: #ff7b72; }
.hljs-string, .hljs-regexp, .hljs-addition, .hljs-attribute, .hljs-meta .hljs-string { color: #a5d6ff; }
.hljs-number, .hljs-symbol, .hljs-bullet, .hljs-variable, .hljs-template-variable { color: #79c0ff; }
.hljs-title, .hljs-title.function_, .hljs-section, .hljs-name { color: #d2a8ff; }
.hljs-built_in, .hljs-title.class_, .hljs-attr, .hljs-property { color: #ffa657; }
.hljs-deletion { color: #ffdcd7; background: #67060c; }
.hljs-addition { background: #033a16; }
mark { background: #6b5a00; color: #fff8c5; }
.decklab-lab { border-left-color: #58a6ff; background: #14243a; }
`

/** Prefix every selector of a rule list with the night-mode classes Anki uses. */
function nightMode(rules: string): string {
  return rules
    .trim()
    .split('\n')
    .map((rule) => {
      const brace = rule.indexOf('{')
      const selectors = rule
        .slice(0, brace)
        .split(',')
        .map((selector) => selector.trim())
      const prefixed = selectors.flatMap((selector) => [
        `.nightMode ${selector}`,
        `.night_mode ${selector}`,
      ])
      return `${prefixed.join(', ')} ${rule.slice(brace)}`
    })
    .join('\n')
}

/** CSS the notetype stylesheet (and the preview page) must include. */
export const renderCss = `/* decklab: code, highlights, callouts, lab footer */\n${light.trim()}\n${nightMode(dark)}\n`
