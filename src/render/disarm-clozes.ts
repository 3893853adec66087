/** The field with its cloze markers written as text, so that Anki expands nothing. */
export function disarmClozes(html: string): string {
  return html.replace(/\{\{/g, '{&#123;').replace(/\}\}/g, '}&#125;')
}
