/**
 * Anki's schema-11 collection tables, exactly as genanki writes them
 * (`apkg_schema.py`). Anki's importer upgrades this layout itself; adding
 * any schema-14+ table (`notetypes`, `decks`, …) would make that upgrade fail.
 */
import type { Affinity } from './sqlite-record.js'

/** A table: its CREATE statement, column affinities and rowid alias column. */
export interface TableSchema {
  name: string
  sql: string
  /** Column names, in order. */
  columns: readonly string[]
  affinities: readonly Affinity[]
  rowidColumn: number | null
}

export const COL_TABLE: TableSchema = {
  name: 'col',
  sql: `CREATE TABLE col (
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
)`,
  columns: [
    'id',
    'crt',
    'mod',
    'scm',
    'ver',
    'dty',
    'usn',
    'ls',
    'conf',
    'models',
    'decks',
    'dconf',
    'tags',
  ],
  affinities: [
    'integer',
    'integer',
    'integer',
    'integer',
    'integer',
    'integer',
    'integer',
    'integer',
    'text',
    'text',
    'text',
    'text',
    'text',
  ],
  rowidColumn: 0,
}

export const NOTES_TABLE: TableSchema = {
  name: 'notes',
  sql: `CREATE TABLE notes (
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
)`,
  columns: ['id', 'guid', 'mid', 'mod', 'usn', 'tags', 'flds', 'sfld', 'csum', 'flags', 'data'],
  affinities: [
    'integer',
    'text',
    'integer',
    'integer',
    'integer',
    'text',
    'text',
    'integer',
    'integer',
    'integer',
    'text',
  ],
  rowidColumn: 0,
}

export const CARDS_TABLE: TableSchema = {
  name: 'cards',
  sql: `CREATE TABLE cards (
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
)`,
  columns: [
    'id',
    'nid',
    'did',
    'ord',
    'mod',
    'usn',
    'type',
    'queue',
    'due',
    'ivl',
    'factor',
    'reps',
    'lapses',
    'left',
    'odue',
    'odid',
    'flags',
    'data',
  ],
  affinities: [
    'integer',
    'integer',
    'integer',
    'integer',
    'integer',
    'integer',
    'integer',
    'integer',
    'integer',
    'integer',
    'integer',
    'integer',
    'integer',
    'integer',
    'integer',
    'integer',
    'integer',
    'text',
  ],
  rowidColumn: 0,
}

export const REVLOG_TABLE: TableSchema = {
  name: 'revlog',
  sql: `CREATE TABLE revlog (
    id              integer primary key,
    cid             integer not null,
    usn             integer not null,
    ease            integer not null,
    ivl             integer not null,
    lastIvl         integer not null,
    factor          integer not null,
    time            integer not null,
    type            integer not null
)`,
  columns: ['id', 'cid', 'usn', 'ease', 'ivl', 'lastIvl', 'factor', 'time', 'type'],
  affinities: [
    'integer',
    'integer',
    'integer',
    'integer',
    'integer',
    'integer',
    'integer',
    'integer',
    'integer',
  ],
  rowidColumn: 0,
}

export const GRAVES_TABLE: TableSchema = {
  name: 'graves',
  sql: `CREATE TABLE graves (
    usn             integer not null,
    oid             integer not null,
    type            integer not null
)`,
  columns: ['usn', 'oid', 'type'],
  affinities: ['integer', 'integer', 'integer'],
  rowidColumn: null,
}

/** Every table, in the order genanki creates them. */
export const SCHEMA_11_TABLES: readonly TableSchema[] = [
  COL_TABLE,
  NOTES_TABLE,
  CARDS_TABLE,
  REVLOG_TABLE,
  GRAVES_TABLE,
]

/**
 * genanki's indexes: name, table and indexed columns. The writer fills them
 * from the finished rows.
 */
export const SCHEMA_11_INDEXES: ReadonlyArray<{ name: string; table: string; columns: string[] }> =
  [
    { name: 'ix_notes_usn', table: 'notes', columns: ['usn'] },
    { name: 'ix_cards_usn', table: 'cards', columns: ['usn'] },
    { name: 'ix_revlog_usn', table: 'revlog', columns: ['usn'] },
    { name: 'ix_cards_nid', table: 'cards', columns: ['nid'] },
    { name: 'ix_cards_sched', table: 'cards', columns: ['did', 'queue', 'due'] },
    { name: 'ix_revlog_cid', table: 'revlog', columns: ['cid'] },
    { name: 'ix_notes_csum', table: 'notes', columns: ['csum'] },
  ]

/** An index's CREATE statement, as genanki writes it. */
export function indexSql(index: {
  name: string
  table: string
  columns: readonly string[]
}): string {
  return `CREATE INDEX ${index.name} on ${index.table} (${index.columns.join(', ')})`
}
