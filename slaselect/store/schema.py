"""Tables of the project file and the numbered migrations that build them.

``PRAGMA user_version`` holds the schema version; migration N brings a file from version N-1
to N. A file whose version is above ``SCHEMA_VERSION`` was written by a newer SLASelect and is
refused, never "upgraded down".
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable

from slaselect.store import score_columns
from slaselect.store.sqlite import sqlite_utils

APPLICATION_ID = 0x534C4153  # "SLAS": marks a SQLite file as a SLASelect project

TABLES_CHILD_FIRST = (
    "round_values",
    "rounds",
    "consensus",
    "scores",
    "criteria",
    "terms",
    "evaluators",
    "providers",
    "evaluation",
)
"""The evaluation's tables, each before the tables its rows' keys name."""


def _migration_1(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE evaluation (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL,
            currency TEXT NOT NULL,
            horizon_months INTEGER NOT NULL CHECK (horizon_months >= 1),
            scale_min REAL NOT NULL,
            scale_max REAL NOT NULL CHECK (scale_max > scale_min),
            scenario TEXT NOT NULL,
            ask TEXT NOT NULL DEFAULT '{}',
            criteria_locked_at TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE terms (
            key TEXT PRIMARY KEY,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            category TEXT NOT NULL,
            type TEXT NOT NULL,
            unit TEXT NOT NULL,
            options TEXT NOT NULL,
            value_function TEXT,
            must_have TEXT,
            period TEXT,
            description TEXT NOT NULL
        );
        CREATE TABLE criteria (
            key TEXT PRIMARY KEY,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            grp TEXT NOT NULL,
            weight REAL NOT NULL CHECK (weight >= 0),
            kind TEXT NOT NULL CHECK (kind IN ('judgement', 'term', 'price')),
            description TEXT NOT NULL,
            min_score REAL,
            rubric TEXT NOT NULL,
            term TEXT REFERENCES terms(key),
            figure TEXT NOT NULL,
            formula TEXT NOT NULL,
            best REAL,
            worst REAL,
            a REAL NOT NULL
        );
        CREATE TABLE providers (
            key TEXT PRIMARY KEY,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            notes TEXT NOT NULL,
            contact TEXT NOT NULL DEFAULT '',
            website TEXT NOT NULL DEFAULT '',
            certifications TEXT NOT NULL DEFAULT '[]',
            reference_notes TEXT NOT NULL DEFAULT '',
            severity_names TEXT NOT NULL DEFAULT '{}',
            excluded TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE evaluators (
            key TEXT PRIMARY KEY,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            role TEXT NOT NULL
        );
        CREATE TABLE scores (
            provider TEXT NOT NULL REFERENCES providers(key) ON DELETE CASCADE,
            criterion TEXT NOT NULL REFERENCES criteria(key) ON DELETE CASCADE,
            evaluator TEXT NOT NULL REFERENCES evaluators(key) ON DELETE CASCADE,
            value REAL NOT NULL,
            rationale TEXT NOT NULL,
            UNIQUE (provider, criterion, evaluator)
        );
        CREATE TABLE consensus (
            provider TEXT NOT NULL REFERENCES providers(key) ON DELETE CASCADE,
            criterion TEXT NOT NULL REFERENCES criteria(key) ON DELETE CASCADE,
            value REAL NOT NULL,
            rationale TEXT NOT NULL,
            UNIQUE (provider, criterion)
        );
        CREATE TABLE rounds (
            provider TEXT NOT NULL REFERENCES providers(key) ON DELETE CASCADE,
            number INTEGER NOT NULL CHECK (number >= 0),
            label TEXT NOT NULL,
            date TEXT NOT NULL,
            PRIMARY KEY (provider, number)
        );
        CREATE TABLE round_values (
            provider TEXT NOT NULL,
            number INTEGER NOT NULL,
            term TEXT NOT NULL REFERENCES terms(key) ON DELETE CASCADE,
            value TEXT NOT NULL,
            PRIMARY KEY (provider, number, term),
            FOREIGN KEY (provider, number) REFERENCES rounds(provider, number) ON DELETE CASCADE
        );
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            who TEXT NOT NULL,
            action TEXT NOT NULL,
            detail TEXT NOT NULL,
            reason TEXT NOT NULL
        );
        CREATE TABLE session_lock (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            host TEXT NOT NULL,
            pid INTEGER NOT NULL,
            opened_at TEXT NOT NULL
        );
        CREATE INDEX scores_by_evaluator ON scores(evaluator);
        CREATE INDEX scores_by_criterion ON scores(criterion);
        CREATE INDEX consensus_by_criterion ON consensus(criterion);
        CREATE INDEX round_values_by_term ON round_values(term);
        CREATE INDEX criteria_by_term ON criteria(term);
        """
    )


def _migration_2(db: sqlite_utils.Database) -> None:
    # The buyer's walk-away limits ({term: value}) and the conditions of award
    # ([{"provider", "criterion", "text"}]) sit beside the ask, as JSON like it.
    db.executescript(
        """
        ALTER TABLE evaluation ADD COLUMN walk_away TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE evaluation ADD COLUMN conditions TEXT NOT NULL DEFAULT '[]';
        """
    )


def _migration_3(db: sqlite_utils.Database) -> None:
    """The service side (CONTRACT 7): the award, tickets, outages, claims and reviews.

    Times are POSIX seconds (REAL) so the report reads plain columns; pauses are JSON
    ``[[start, end], ...]`` in POSIX seconds.
    """
    db.executescript(
        """
        CREATE TABLE service_contract (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            provider TEXT NOT NULL,
            round INTEGER NOT NULL,
            start TEXT NOT NULL,
            zone TEXT NOT NULL,
            terms TEXT NOT NULL,
            calendar TEXT NOT NULL,
            chronic_rule TEXT NOT NULL,
            awarded_at TEXT NOT NULL
        );
        CREATE TABLE service_tickets (
            id TEXT PRIMARY KEY,
            priority TEXT NOT NULL CHECK (priority IN ('P1', 'P2', 'P3', 'P4')),
            opened REAL NOT NULL,
            responded REAL,
            resolved REAL,
            paused TEXT
        );
        CREATE TABLE service_outages (
            id INTEGER PRIMARY KEY,
            start REAL NOT NULL,
            end REAL NOT NULL CHECK (end >= start),
            planned INTEGER NOT NULL CHECK (planned IN (0, 1))
        );
        CREATE TABLE service_periods (
            id INTEGER PRIMARY KEY,
            first TEXT NOT NULL,
            last TEXT NOT NULL CHECK (last >= first),
            source TEXT NOT NULL
        );
        CREATE TABLE service_claims (
            month TEXT PRIMARY KEY,
            date TEXT NOT NULL,
            amount REAL NOT NULL CHECK (amount >= 0),
            reference TEXT NOT NULL
        );
        CREATE TABLE service_reviews (
            id INTEGER PRIMARY KEY,
            date TEXT NOT NULL,
            attendees TEXT NOT NULL,
            feedback TEXT NOT NULL
        );
        CREATE TABLE service_review_actions (
            review INTEGER NOT NULL REFERENCES service_reviews(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            owner TEXT NOT NULL,
            due TEXT,
            done INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (review, position)
        );
        CREATE INDEX service_outages_by_start ON service_outages(start);
        """
    )


def _migration_4(db: sqlite_utils.Database) -> None:
    """The tickets as packed columns (``store.service_tickets``): read in milliseconds."""
    db.executescript(
        """
        CREATE TABLE service_ticket_columns (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            count INTEGER NOT NULL,
            ids TEXT NOT NULL,
            opened BLOB NOT NULL,
            responded BLOB NOT NULL,
            resolved BLOB NOT NULL,
            pause_start BLOB NOT NULL,
            pause_end BLOB NOT NULL,
            priority BLOB NOT NULL,
            pause_ticket BLOB NOT NULL
        );
        """
    )


def _migration_5(db: sqlite_utils.Database) -> None:
    """When the sealed price envelopes were opened (ISO date or time; '' = not recorded)."""
    db.executescript(
        """
        ALTER TABLE evaluation ADD COLUMN price_envelopes_opened_at TEXT NOT NULL DEFAULT '';
        """
    )


def _migration_6(db: sqlite_utils.Database) -> None:
    """The scores as packed columns beside their rows (``store.score_columns``): a tender's
    file opens in a fraction of the time. Empty until written; the rows are read till then.

    The scores' indexes by criterion and by evaluator go: they served only the cascade when a
    criterion or an evaluator is removed (a scan of a tender's 1.4 million scores then takes
    a tenth of a second more), and building them took a second of every tender's import.
    """
    score_columns.create(db)
    db.executescript("""
        DROP INDEX IF EXISTS scores_by_evaluator;
        DROP INDEX IF EXISTS scores_by_criterion;
    """)


MIGRATIONS: tuple[Callable[[sqlite_utils.Database], None], ...] = (
    _migration_1, _migration_2, _migration_3, _migration_4, _migration_5, _migration_6,
)
"""MIGRATIONS[N-1] brings a file from schema version N-1 to N."""

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(db: sqlite_utils.Database, from_version: int) -> None:
    """Apply every migration after ``from_version`` in one transaction and stamp the version."""
    with db.atomic():
        for version in range(from_version + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[version - 1](db)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


@functools.cache
def expected_columns() -> dict[str, frozenset[str]]:
    """Every table of the current schema and its columns, as the migrations build them."""
    db = sqlite_utils.Database(sqlite3.connect(":memory:", isolation_level=None),
                               execute_plugins=False)
    try:
        migrate(db, 0)
        return {table.name: frozenset(table.columns_dict) for table in db.tables}
    finally:
        db.conn.close()


def missing_part(conn: sqlite3.Connection) -> str | None:
    """The first table or column of the current schema the database lacks, in words."""
    for table, columns in expected_columns().items():
        present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if not present:
            return f"table {table} is missing"
        for column in sorted(columns - present):
            return f"table {table} lacks column {column}"
    return None
