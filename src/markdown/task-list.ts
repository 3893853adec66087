/** GFM task lists: a list item starting with `[ ]` or `[x]` gets a disabled checkbox. */
import type MarkdownIt from 'markdown-it'
import type { StateCore, Token } from 'markdown-it'

/** Install the task-list core rule (after inline parsing). */
export function taskListPlugin(markdown: MarkdownIt): void {
  markdown.core.ruler.after('inline', 'task_list', taskList)
}

function taskList(state: StateCore): void {
  const tokens = state.tokens
  for (let index = 2; index < tokens.length; index += 1) {
    const inline = tokens[index]!
    if (
      inline.type !== 'inline' ||
      tokens[index - 1]!.type !== 'paragraph_open' ||
      tokens[index - 2]!.type !== 'list_item_open'
    ) {
      continue
    }
    const first = inline.children?.[0]
    const match = first?.type === 'text' ? /^\[([ xX])\](?=\s|$)\s?/.exec(first.content) : null
    if (first === undefined || match === null) continue
    first.content = first.content.slice(match[0].length)
    const checkbox: Token = new state.Token('html_inline', '', 0)
    const checked = match[1] === ' ' ? '' : ' checked'
    checkbox.content = `<input type="checkbox" disabled${checked}> `
    inline.children!.unshift(checkbox)
    tokens[index - 2]!.attrJoin('class', 'task-list-item')
  }
}
