/**
 * Whether a stream is a terminal that can redraw its last line (`\r` and
 * the erase-line escape): a status line (`reading notes…`, `[2/34] lab …`)
 * is drawn and replaced in place there. `TERM=dumb` (Emacs's shell, some IDE
 * consoles) is a terminal that cannot: the escapes showed as `^[[K` among
 * the text, and every status line stayed. There decklab writes only lines
 * that stay, as the quiz's line prompts do.
 */
export function redrawsLines(
  stream: { isTTY?: boolean | undefined },
  env: Record<string, string | undefined>,
): boolean {
  return stream.isTTY === true && env.TERM !== 'dumb'
}
