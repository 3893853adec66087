/**
 * Anki's schema-11 collection tables, exactly as genanki writes them
 * (`apkg_schema.py`). Anki's importer upgrades this layout itself; adding
 * any schema-14+ table (`notetypes`, `decks`, …) would make that upgrade fail.
 */
export const SCHEMA_11_TABLES = `
CREATE TABLE col (
    id              integer primary key, /* 0 */
    crt             integer not null,    /* 1 creation time, seconds */
    mod             integer not null,    /* 2 modified, milliseconds */
    scm             integer not null,    /* 3 schema modified, milliseconds */
    ver             integer not null,    /* 4 schema version: 11 */
    dty             integer not null,    /* 5 dirty: unused */
    usn             integer not null,    /* 6 update sequence number */
    ls              integer not null,    /* 7 last sync */
    conf            text not null,       /* 8 collection config JSON */
    models          text not null,       /* 9 notetypes JSON */
    decks           text not null,       /* 10 decks JSON */
    dconf           text not null,       /* 11 deck options JSON */
    tags            text not null        /* 12 tag cache JSON */
);
CREATE TABLE notes (
    id              integer primary key, /* 0 note id, epoch ms */
    guid            text not null,       /* 1 globally unique id, matched on import */
    mid             integer not null,    /* 2 notetype id */
    mod             integer not null,    /* 3 modified, seconds */
    usn             integer not null,    /* 4 -1: not synced */
    tags            text not null,       /* 5 ' a b ' */
    flds            text not null,       /* 6 fields joined by 0x1f */
    sfld            integer not null,    /* 7 sort field, HTML stripped */
    csum            integer not null,    /* 8 sha1 checksum of field 0 */
    flags           integer not null,    /* 9 unused */
    data            text not null        /* 10 unused */
);
CREATE TABLE cards (
    id              integer primary key, /* 0 card id */
    nid             integer not null,    /* 1 note id */
    did             integer not null,    /* 2 deck id */
    ord             integer not null,    /* 3 template or cloze ordinal */
    mod             integer not null,    /* 4 modified, seconds */
    usn             integer not null,    /* 5 -1: not synced */
    type            integer not null,    /* 6 0 = new */
    queue           integer not null,    /* 7 0 = new */
    due             integer not null,    /* 8 new-card position */
    ivl             integer not null,    /* 9 interval */
    factor          integer not null,    /* 10 ease factor */
    reps            integer not null,    /* 11 review count */
    lapses          integer not null,    /* 12 lapse count */
    left            integer not null,    /* 13 learning steps left */
    odue            integer not null,    /* 14 original due (filtered decks) */
    odid            integer not null,    /* 15 original deck (filtered decks) */
    flags           integer not null,    /* 16 card flags */
    data            text not null        /* 17 unused */
);
CREATE TABLE revlog (
    id              integer primary key,
    cid             integer not null,
    usn             integer not null,
    ease            integer not null,
    ivl             integer not null,
    lastIvl         integer not null,
    factor          integer not null,
    time            integer not null,
    type            integer not null
);
CREATE TABLE graves (
    usn             integer not null,
    oid             integer not null,
    type            integer not null
);
`

/**
 * genanki's indexes. The writer creates them after inserting the rows, which
 * is a third faster than keeping them up to date row by row.
 */
export const SCHEMA_11_INDEXES = `
CREATE INDEX ix_notes_usn on notes (usn);
CREATE INDEX ix_cards_usn on cards (usn);
CREATE INDEX ix_revlog_usn on revlog (usn);
CREATE INDEX ix_cards_nid on cards (nid);
CREATE INDEX ix_cards_sched on cards (did, queue, due);
CREATE INDEX ix_revlog_cid on revlog (cid);
CREATE INDEX ix_notes_csum on notes (csum);
`
