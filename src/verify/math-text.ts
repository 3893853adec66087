/**
 * What of a formula MathJax draws as nothing: `\phantom{…}`, `\hphantom{…}`
 * and `\vphantom{…}` take the room of their argument and draw none of it, and
 * a transparent colour (`\textcolor{transparent}{…}`, or `\color{transparent}`
 * to the end of its group) draws its text invisible. `$\phantom{108}$ bytes`
 * shows only "bytes", so the 108 states nothing.
 */

/** Commands that draw nothing of their one argument. */
const phantoms = /\\[hv]?phantom\s*\{/g
/** `\textcolor{transparent}{…}`: its second argument is drawn invisible. */
const transparentText = /\\textcolor\s*\{\s*transparent\s*\}\s*\{/g
/** `\color{transparent}`: what follows in its group is drawn invisible. */
const transparentSwitch = /\\color\s*\{\s*transparent\s*\}/g

/** The TeX `tex` without what MathJax draws as nothing (see the module's comment). */
export function visibleMath(tex: string): string {
  let text = cutArguments(tex, phantoms)
  text = cutArguments(text, transparentText)
  return cutToGroupEnd(text, transparentSwitch)
}

/** Each match of `opening` (which ends at an argument's `{`) cut up to that argument's `}`, a space left. */
function cutArguments(tex: string, opening: RegExp): string {
  let output = ''
  let position = 0
  for (const match of tex.matchAll(opening)) {
    if (match.index < position) continue
    output += `${tex.slice(position, match.index)} `
    position = Math.min(tex.length, closingBrace(tex, match.index + match[0].length) + 1)
  }
  return output + tex.slice(position)
}

/** Each match of `opening` cut up to the end of the group it stands in (or of the formula). */
function cutToGroupEnd(tex: string, opening: RegExp): string {
  let output = ''
  let position = 0
  for (const match of tex.matchAll(opening)) {
    if (match.index < position) continue
    output += `${tex.slice(position, match.index)} `
    // The group's closing brace stays: it closes what opened before the switch.
    position = closingBrace(tex, match.index + match[0].length)
  }
  return output + tex.slice(position)
}

/** The `}` that closes the group open at `from` (just after its `{`), or the formula's end. */
function closingBrace(tex: string, from: number): number {
  let depth = 1
  for (let index = from; index < tex.length; index += 1) {
    const character = tex[index]
    if (character === '\\') index += 1
    else if (character === '{') depth += 1
    else if (character === '}') {
      depth -= 1
      if (depth === 0) return index
    }
  }
  return tex.length
}
