"""Store migrations, oldest first. The file's version is the number of migrations applied.

Never edit a released migration: append a new one. Each runs in one transaction.
"""

from __future__ import annotations

_V1 = [
    "CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    "CREATE SEQUENCE documents_seq",
    """CREATE TABLE documents (
        path VARCHAR PRIMARY KEY, id VARCHAR NOT NULL, raw_sha256 VARCHAR NOT NULL,
        status VARCHAR NOT NULL, reason_code VARCHAR, reason_message VARCHAR,
        duplicate_of VARCHAR, source VARCHAR, url VARCHAR, title VARCHAR, published DATE,
        language VARCHAR, n_chars INTEGER NOT NULL, text VARCHAR, exact_key VARCHAR,
        signature BLOB, schema_version INTEGER NOT NULL, model VARCHAR, run_id INTEGER,
        seq BIGINT DEFAULT nextval('documents_seq'))""",
    "CREATE INDEX documents_id ON documents (id)",
    """CREATE TABLE actors (doc_id VARCHAR, n INTEGER, actor_id VARCHAR, name VARCHAR,
        country VARCHAR, sector VARCHAR, kb BOOLEAN, affiliation VARCHAR)""",
    """CREATE TABLE places (doc_id VARCHAR, n INTEGER, place_id VARCHAR, name VARCHAR,
        kind VARCHAR, country VARCHAR, admin1 VARCHAR, lat DOUBLE, lon DOUBLE,
        precision VARCHAR)""",
    """CREATE TABLE mentions (doc_id VARCHAR, n INTEGER, item VARCHAR, item_id VARCHAR,
        "start" INTEGER, "end" INTEGER, text VARCHAR)""",
    """CREATE TABLE times (doc_id VARCHAR, n INTEGER, text VARCHAR, "start" INTEGER,
        "end" INTEGER, date DATE, end_date DATE, precision VARCHAR, basis VARCHAR)""",
    """CREATE TABLE quantities (doc_id VARCHAR, n INTEGER, kind VARCHAR, victims VARCHAR,
        low BIGINT, best BIGINT, high BIGINT, period_since DATE, period_text VARCHAR,
        claimed_by VARCHAR, ev_start INTEGER, ev_end INTEGER, ev_text VARCHAR)""",
    "CREATE TABLE events (doc_id VARCHAR, n INTEGER, data JSON)",
    "CREATE TABLE agreements (doc_id VARCHAR, n INTEGER, data JSON)",
    """CREATE TABLE runs (id INTEGER PRIMARY KEY, started_at TIMESTAMP, finished_at TIMESTAMP,
        args JSON, counts JSON)""",
] + [f"CREATE INDEX {t}_doc ON {t} (doc_id)" for t in
     ("actors", "places", "mentions", "times", "quantities", "events", "agreements")]

# Version 2: events get typed columns (version 1 kept them as opaque JSON).
_V2 = [
    "DROP TABLE events",
    """CREATE TABLE events (doc_id VARCHAR, n INTEGER, event_id VARCHAR, type VARCHAR,
        mode VARCHAR, cameo VARCHAR, acled_type VARCHAR, acled_subtype VARCHAR,
        source VARCHAR[], target VARCHAR[], place_id VARCHAR, place_basis VARCHAR,
        date DATE, end_date DATE, precision VARCHAR, time_basis VARCHAR,
        fatalities_low BIGINT, fatalities_best BIGINT, fatalities_high BIGINT,
        status VARCHAR, attributed_to VARCHAR, ev_start INTEGER, ev_end INTEGER,
        ev_text VARCHAR, tr_start INTEGER, tr_end INTEGER, tr_text VARCHAR)""",
    "CREATE INDEX events_doc ON events (doc_id)",
    "CREATE INDEX events_type ON events (type)",
]

# Version 3: agreements get typed tables (version 1 kept them as opaque JSON): one row per
# agreement, per action and per condition, so that linking across reports is plain SQL.
_V3 = [
    "DROP TABLE agreements",
    """CREATE TABLE agreements (doc_id VARCHAR, n INTEGER, agreement_id VARCHAR, kind VARCHAR,
        name VARCHAR, parties VARCHAR[], mediators VARCHAR[], venue VARCHAR, status JSON)""",
    """CREATE TABLE agreement_actions (doc_id VARCHAR, n INTEGER, agreement_n INTEGER,
        actor VARCHAR, action VARCHAR, target VARCHAR, date DATE, end_date DATE,
        precision VARCHAR, time_basis VARCHAR, status VARCHAR, attributed_to VARCHAR,
        ev_start INTEGER, ev_end INTEGER, ev_text VARCHAR, tr_start INTEGER, tr_end INTEGER,
        tr_text VARCHAR)""",
    """CREATE TABLE agreement_conditions (doc_id VARCHAR, n INTEGER, agreement_n INTEGER,
        text VARCHAR, ev_start INTEGER, ev_end INTEGER, ev_text VARCHAR)""",
    "CREATE INDEX agreements_doc ON agreements (doc_id)",
    "CREATE INDEX agreement_actions_doc ON agreement_actions (doc_id)",
    "CREATE INDEX agreement_conditions_doc ON agreement_conditions (doc_id)",
]

# Duplicate memory in the store instead of in RAM (issue 6): one row per (band key,
# document), the document named by its documents.seq; rows of replaced documents simply
# stop joining. Documents stored before this version get their rows from
# Store.backfill_bands (band keys are blake2b hashes, which SQL cannot compute).
_BANDS = [
    "CREATE TABLE doc_bands (key BIGINT NOT NULL, seq BIGINT NOT NULL)",
    """INSERT OR REPLACE INTO meta SELECT 'bands_backfill', '1'
        WHERE EXISTS (SELECT 1 FROM documents WHERE signature IS NOT NULL)""",
]

# Linking across reports (ceasefire.link): event clusters and linked agreements.
# ``component`` names the connected group of compatible items a row was computed from; an
# incremental run recomputes only the components its new reports touch. ``linked_docs``
# lists the reports linking has already seen.
_LINKS = [
    """CREATE TABLE event_clusters (cluster_id VARCHAR PRIMARY KEY, component VARCHAR,
        type VARCHAR, date DATE, end_date DATE, place_id VARCHAR, actors VARCHAR[],
        low BIGINT, best BIGINT, high BIGINT, n_sources INTEGER)""",
    """CREATE TABLE event_cluster_members (cluster_id VARCHAR, component VARCHAR,
        event_id VARCHAR, doc_id VARCHAR, n INTEGER, low BIGINT, best BIGINT, high BIGINT)""",
    """CREATE TABLE linked_agreements (agreement_id VARCHAR PRIMARY KEY, component VARCHAR,
        kind VARCHAR, name VARCHAR, parties VARCHAR[], mediators VARCHAR[], venue VARCHAR,
        status JSON, last_change DATE, n_sources INTEGER)""",
    """CREATE TABLE linked_agreement_members (agreement_id VARCHAR, component VARCHAR,
        member_id VARCHAR, doc_id VARCHAR, agreement_n INTEGER)""",
    "CREATE TABLE linked_docs (doc_id VARCHAR PRIMARY KEY)",
    "CREATE INDEX event_cluster_members_doc ON event_cluster_members (doc_id)",
    "CREATE INDEX event_cluster_members_component ON event_cluster_members (component)",
    "CREATE INDEX linked_agreement_members_doc ON linked_agreement_members (doc_id)",
]


# Version 6: no index on the tables a run writes (issue 6, flat writer memory). DuckDB holds
# an ART index in memory, outside its evictable block cache, and inserts load it across the
# store. At 100,000 reports the path primary key and the id index of ``documents`` add
# 22 MB to every writer session; with items (about 65 rows a report, synthetic), the
# ``doc_id`` indexes of the item tables add 40-60 MB a session, and a 24 MB cap fails with
# "out of memory" on commit; without them a session adds 7-16 MB at any size, as fast.
# Uniqueness of ``documents.path`` is the writer's to keep (it deletes a batch's paths
# before inserting them and refuses a batch that repeats one). Readers find rows by path,
# id or doc_id with a scan of one column (``Store.records`` reads items a page of
# documents at a time). DuckDB cannot drop a primary key in place, so ``documents`` is
# rebuilt with the same columns in the same order and the same seq values (doc_bands
# refers to them). The linking tables keep theirs (written once per run, by the link step).
_DOCUMENTS_COLUMNS = """(
        path VARCHAR NOT NULL, id VARCHAR NOT NULL, raw_sha256 VARCHAR NOT NULL,
        status VARCHAR NOT NULL, reason_code VARCHAR, reason_message VARCHAR,
        duplicate_of VARCHAR, source VARCHAR, url VARCHAR, title VARCHAR, published DATE,
        language VARCHAR, n_chars INTEGER NOT NULL, text VARCHAR, exact_key VARCHAR,
        signature BLOB, schema_version INTEGER NOT NULL, model VARCHAR, run_id INTEGER,
        seq BIGINT DEFAULT nextval('documents_seq'))"""
_ITEM_INDEXES = ("actors_doc", "places_doc", "mentions_doc", "times_doc", "quantities_doc",
                 "events_doc", "events_type", "agreements_doc", "agreement_actions_doc",
                 "agreement_conditions_doc")
_NO_WRITER_INDEXES = [
    "DROP INDEX documents_id",
    "ALTER TABLE documents RENAME TO documents_v5",
    "CREATE TABLE documents " + _DOCUMENTS_COLUMNS,
    "INSERT INTO documents SELECT * FROM documents_v5 ORDER BY seq",
    "DROP TABLE documents_v5",
] + [f"DROP INDEX {name}" for name in _ITEM_INDEXES]

MIGRATIONS: list[list[str]] = [_V1, _V2, _V3, _BANDS, _LINKS, _NO_WRITER_INDEXES]
