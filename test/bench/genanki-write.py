"""Write the notes of a decklab package again with genanki, the reference writer.

Usage: genanki-write.py NOTES.json OUT.apkg  (PYTHONPATH must reach genanki)

NOTES.json holds what decklab's package holds, read back from it by the build
bench: the notetypes, the decks and every note's rendered fields, tags, GUID
and deck. genanki is given finished HTML, as it always is, so the comparison
is of writing a package, plus the Markdown rendering genanki does not do.
"""
import collections.abc  # noqa: F401  Debian's frozendict needs it loaded first
import json
import sys

import genanki


def main(source, target):
    with open(source, encoding="utf-8") as handle:
        data = json.load(handle)
    models = {}
    for model in data["models"]:
        models[model["id"]] = genanki.Model(
            model["id"],
            model["name"],
            fields=[{"name": name} for name in model["fields"]],
            templates=model["templates"],
            css=model["css"],
            model_type=genanki.Model.CLOZE if model["type"] == 1 else genanki.Model.FRONT_BACK,
        )
    decks = {deck["id"]: genanki.Deck(deck["id"], deck["name"]) for deck in data["decks"]}
    for note in data["notes"]:
        decks[note["deck"]].add_note(
            genanki.Note(
                model=models[note["model"]],
                fields=note["fields"],
                tags=note["tags"],
                guid=note["guid"],
            )
        )
    genanki.Package(list(decks.values())).write_to_file(target)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
