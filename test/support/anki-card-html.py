#!/usr/bin/python3
"""Import an .apkg with Anki 2.1.15's own library and print every card's HTML as JSON.

usage: anki-card-html.py ANKI_LIBRARY_DIR COLLECTION.anki2 PACKAGE.apkg
Prints [{"note": guid, "ord": n, "question": html, "answer": html}, ...]: Anki's
own template and cloze rendering (card.q() and card.a(), which include the
notetype's CSS in a <style> element), then what 2.1.15's reviewer does to it
before showing it (aqt.utils.mungeQA: its media manager's escapeImages, which
rewrites each <img> tag by regex), in note and card order.
"""
import json, os, sys

if len(sys.argv) != 4:
    sys.exit(__doc__)
# Anki changes the working directory into the media folder: resolve the paths first.
library, collection, package = (os.path.abspath(path) for path in sys.argv[1:])
sys.path.insert(0, library)
from anki import Collection  # noqa: E402
from anki.importing.apkg import AnkiPackageImporter  # noqa: E402

col = Collection(collection)
AnkiPackageImporter(col, package).run()
cards = []
for cid in col.db.list('select c.id from cards c join notes n on n.id = c.nid order by n.id, c.ord'):
    card = col.getCard(cid)
    shown = col.media.escapeImages
    cards.append({'note': card.note().guid, 'ord': card.ord,
                  'question': shown(card.q()), 'answer': shown(card.a())})
col.close()
print(json.dumps(cards))
