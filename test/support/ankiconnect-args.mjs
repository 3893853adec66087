/**
 * The arguments that start `ankiconnect-serve.py` (the real AnkiConnect,
 * headless) for tests and benches. Anki's GUI installs gettext's `_` and
 * `ngettext` as builtins when it starts (aqt's setupLang), and AnkiConnect's
 * `createModel` calls `_`: the headless server is started with them
 * (untranslated), as in Anki. Without them every note type decklab creates
 * was refused (`name '_' is not defined`).
 */
const withGuiBuiltins = [
  'import builtins, runpy, sys',
  'builtins._ = lambda text: text',
  'builtins.ngettext = lambda one, many, n: one if n == 1 else many',
  'sys.argv = sys.argv[1:]',
  "runpy.run_path(sys.argv[0], run_name='__main__')",
].join('\n')

/** python3's arguments: the script, the collection and the port, run with the GUI's builtins. */
export function ankiConnectArgs(serveScript, collection, port) {
  return ['-c', withGuiBuiltins, serveScript, collection, String(port)]
}
