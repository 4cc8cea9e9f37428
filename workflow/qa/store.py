"""The private store of questions and of who asked them: SQLite by default, PostgreSQL when the
agency runs the intake on several servers. One data layer serves both.

Only this store holds personal data. Everything that must stay consistent when two requests or
two servers meet is done by the database in one statement or one transaction: a reference is
the next number of a per-year counter (an upsert), a client's request count is a per-address
counter (an upsert), and a duplicate is looked for inside the transaction that stores the
question, under a lock on its fingerprint (SQLite: the database's write lock; PostgreSQL: an
advisory lock). Times are stored as UTC ISO text, so both databases compare them alike.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import sqlite3
import stat
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from plugins.core.dates import AGENCY_TIMEZONE
from plugins.core.errors import PortalError
from plugins.core.i18n import _

DATABASE_URL_VARIABLE = "PORTAL_QA_DATABASE_URL"
STORE_PATH_VARIABLE = "PORTAL_QA_STORE"
REFERENCE_PREFIX = "HD"
SCHEMA_VERSION = 1
UTC = dt.UTC

TABLES = (
    """CREATE TABLE IF NOT EXISTS qa_counters (
        year INTEGER PRIMARY KEY, last INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS qa_questions (
        reference TEXT PRIMARY KEY,
        received TEXT NOT NULL,
        lang TEXT NOT NULL,
        kind TEXT NOT NULL,
        topic TEXT NOT NULL,
        question TEXT NOT NULL,
        identity TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        due TEXT NOT NULL,
        handling TEXT NOT NULL,
        unit TEXT,
        noticed TEXT,
        reply_by TEXT,
        answered TEXT,
        reason TEXT)""",
    "CREATE INDEX IF NOT EXISTS qa_questions_fingerprint ON qa_questions (fingerprint)",
    """CREATE TABLE IF NOT EXISTS qa_rate (
        client TEXT PRIMARY KEY, window_start TEXT NOT NULL, count INTEGER NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS qa_rate_window ON qa_rate (window_start)",
    """CREATE TABLE IF NOT EXISTS qa_comments (
        id TEXT PRIMARY KEY, document TEXT NOT NULL, received TEXT NOT NULL,
        lang TEXT NOT NULL, identity TEXT NOT NULL, comment TEXT NOT NULL,
        fingerprint TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS qa_comments_document ON qa_comments (document)",
)
COLUMNS = ("reference", "received", "lang", "kind", "topic", "question", "identity",
           "fingerprint", "due", "handling", "unit", "noticed", "reply_by", "answered", "reason")
CHANGEABLE = frozenset({"topic", "question", "due", "handling", "unit", "noticed", "reply_by",
                        "answered", "reason"})


class Duplicate(PortalError):  # noqa: N818 - a verdict on the submission, like PortalError
    """The same person asked the same question within the duplicate window."""

    def __init__(self, reference: str) -> None:
        super().__init__(_("this question was already received as {reference}; its answer "
                           "will come to you under that reference").format(reference=reference))
        self.reference = reference


@dataclass(frozen=True)
class Record:
    """One question as the store has it; `identity` is the private part."""

    reference: str
    received: dt.datetime
    lang: str
    kind: str
    topic: str
    question: str
    identity: dict[str, str]
    due: dt.datetime
    handling: str
    unit: str | None
    noticed: dt.datetime | None
    reply_by: dt.date | None
    answered: dt.datetime | None
    reason: str | None


class Dialect(Protocol):
    """What differs between SQLite and PostgreSQL, and nothing more."""

    def connect(self) -> Any: ...
    def placeholder(self, sql: str) -> str: ...
    def begin(self, cursor: Any, *, write: bool) -> None: ...
    def finish(self, cursor: Any, *, commit: bool, write: bool) -> None: ...
    def lock(self, cursor: Any, key: str) -> None: ...


class SQLiteDialect:
    """One connection per thread, kept open: opening the file, reading the schema and setting
    the journal mode for every transaction costs more than the transaction itself."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        # The threads of one process queue for writing here, in turn, rather than in SQLite's
        # busy handler, which polls with growing sleeps: measured with 20 clients, p95 of a
        # submission 0.40 s instead of 0.80 s, the same throughput (README, "Figures").
        self._writer = threading.Lock()

    def connect(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                                         check_same_thread=True)
            connection.execute("PRAGMA busy_timeout = 30000")
            # Write-ahead logging: readers never wait for the writer, and a commit costs one
            # append instead of a journal's create, write and delete (each with its fsync).
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            self._local.connection = connection
        return connection

    def placeholder(self, sql: str) -> str:
        return sql

    def begin(self, cursor: Any, *, write: bool) -> None:
        # IMMEDIATE takes the write lock at once: one writer at a time, across processes too.
        if not write:
            cursor.execute("BEGIN")
            return
        self._writer.acquire()
        try:
            cursor.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._writer.release()
            raise

    def finish(self, cursor: Any, *, commit: bool, write: bool) -> None:
        """COMMIT (or ROLLBACK), never leaving the thread's connection inside a transaction,
        and the next writer's turn."""
        try:
            _finish(cursor, commit=commit, open_transaction=lambda: cursor.connection
                    .in_transaction)
        finally:
            if write:
                self._writer.release()

    def lock(self, cursor: Any, key: str) -> None:
        del cursor, key  # BEGIN IMMEDIATE already serialises every writer


class PostgresDialect:
    """One connection per thread, kept open and opened again if the server dropped it: a new
    PostgreSQL connection starts a server process, which costs more than a transaction."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._local = threading.local()

    def connect(self) -> Any:
        import psycopg  # noqa: PLC0415 - only an agency with PostgreSQL loads it

        connection = getattr(self._local, "connection", None)
        if connection is not None and not connection.closed and not connection.broken:
            return connection
        try:
            connection = psycopg.connect(self.url, autocommit=True, connect_timeout=10)
        except psycopg.OperationalError as error:
            raise PortalError(_("cannot reach the PostgreSQL store named by {variable}: "
                                "{problem}").format(variable=DATABASE_URL_VARIABLE,
                                                    problem=_first_line(error))) from error
        self._local.connection = connection
        return connection

    def placeholder(self, sql: str) -> str:
        return sql.replace("?", "%s")

    def begin(self, cursor: Any, *, write: bool) -> None:
        del write
        cursor.execute("BEGIN")

    def lock(self, cursor: Any, key: str) -> None:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (key,))

    def finish(self, cursor: Any, *, commit: bool, write: bool) -> None:
        del write
        _finish(cursor, commit=commit, open_transaction=lambda: not cursor.connection.broken
                and cursor.connection.info.transaction_status != IDLE)


IDLE = 0  # psycopg.pq.TransactionStatus.IDLE, without importing psycopg for SQLite


def _finish(cursor: Any, *, commit: bool, open_transaction: Callable[[], bool]) -> None:
    """COMMIT or ROLLBACK; after a failed COMMIT, a ROLLBACK if the transaction is still open,
    so the connection kept for the thread starts its next transaction clean."""
    if not commit:
        cursor.execute("ROLLBACK")
        return
    try:
        cursor.execute("COMMIT")
    except BaseException:
        if open_transaction():
            cursor.execute("ROLLBACK")
        raise


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


class Store:
    """The questions of the intake; every method is one short transaction."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        with self._transaction() as cursor:
            cursor.lock("portal-qa-schema")  # servers starting together create it once
            for statement in TABLES:
                cursor.execute(statement)

    @contextlib.contextmanager
    def _transaction(self, *, write: bool = True) -> Iterator[Any]:
        cursor = self.dialect.connect().cursor()
        self.dialect.begin(cursor, write=write)
        try:
            yield _Cursor(cursor, self.dialect)
        except BaseException:
            self.dialect.finish(cursor, commit=False, write=write)
            raise
        self.dialect.finish(cursor, commit=True, write=write)

    def admit(self, client: str, now: dt.datetime, limit: int, window: dt.timedelta) -> bool:
        """Count one request of `client` (a keyed hash of its address, never the address) and
        say whether it is within `limit` requests per `window`."""
        start = _text(now)
        expired = _text(now - window)
        with self._transaction() as cursor:
            cursor.execute(
                "INSERT INTO qa_rate (client, window_start, count) VALUES (?, ?, 1) "
                "ON CONFLICT (client) DO UPDATE SET "
                "count = CASE WHEN qa_rate.window_start <= ? THEN 1 ELSE qa_rate.count + 1 END, "
                "window_start = CASE WHEN qa_rate.window_start <= ? THEN ? "
                "ELSE qa_rate.window_start END RETURNING count",
                (client, start, expired, expired, start))
            count = cursor.fetchone()[0]
            cursor.execute("DELETE FROM qa_rate WHERE window_start <= ?", (expired,))
        return int(count) <= limit

    def record(self, *, received: dt.datetime, lang: str, kind: str, topic: str, question: str,
               identity: Mapping[str, str], fingerprint: str, due: dt.datetime, unit: str | None,
               duplicate_since: dt.datetime, reference: str | None = None,
               acknowledge: Callable[[Record], object] | None = None) -> str:
        """Store a new question and return its reference (the next of its year, or the one it
        was given before the intake existed); Duplicate if the same fingerprint arrived since
        `duplicate_since`, and nothing is stored.

        Three short steps, so that no lock is held while a file is written: the reference is
        taken (a number given to a question that then turns out a duplicate of one arriving at
        the same instant stays unused), `acknowledge` writes the letter for the record, and
        the question is inserted, its duplicate check repeated under the fingerprint's lock.
        If `acknowledge` fails, nothing is stored; if the insert fails, the caller takes the
        letter back."""
        earlier = self._duplicate_of(fingerprint, duplicate_since)
        if earlier:
            raise Duplicate(earlier)
        with self._transaction() as cursor:
            if reference is None:
                reference = self._next_reference(cursor, received)
            else:
                self._claim(cursor, reference)
        record = Record(reference=reference, received=_local(received), lang=lang, kind=kind,
                        topic=topic, question=question, identity=dict(identity),
                        due=_local(due), handling="received", unit=unit, noticed=None,
                        reply_by=None, answered=None, reason=None)
        if acknowledge is not None:
            acknowledge(record)
        with self._transaction() as cursor:
            cursor.lock(fingerprint)
            earlier = self._duplicate_of(fingerprint, duplicate_since, cursor)
            if earlier:
                raise Duplicate(earlier)
            cursor.execute(
                f"INSERT INTO qa_questions ({', '.join(COLUMNS)}) VALUES "
                f"({', '.join('?' for _column in COLUMNS)})",
                (reference, _text(received), lang, kind, topic, question,
                 json.dumps(dict(identity), ensure_ascii=False, sort_keys=True), fingerprint,
                 _text(due), "received", unit, None, None, None, None))
        return reference

    def _duplicate_of(self, fingerprint: str, since: dt.datetime,
                      cursor: _Cursor | None = None) -> str | None:
        if cursor is None:
            with self._transaction(write=False) as reader:
                return self._duplicate_of(fingerprint, since, reader)
        cursor.execute("SELECT reference FROM qa_questions WHERE fingerprint = ? AND "
                       "received >= ? ORDER BY received LIMIT 1", (fingerprint, _text(since)))
        earlier = cursor.fetchone()
        return str(earlier[0]) if earlier else None

    @staticmethod
    def _next_reference(cursor: _Cursor, received: dt.datetime) -> str:
        year = received.astimezone(AGENCY_TIMEZONE).year
        cursor.execute("INSERT INTO qa_counters (year, last) VALUES (?, 1) ON CONFLICT "
                       "(year) DO UPDATE SET last = qa_counters.last + 1 RETURNING last",
                       (year,))
        return f"{REFERENCE_PREFIX}-{year}-{int(cursor.fetchone()[0]):04d}"

    @staticmethod
    def _claim(cursor: _Cursor, reference: str) -> None:
        """A reference given before the intake: refused if taken, and never given again."""
        cursor.execute("SELECT 1 FROM qa_questions WHERE reference = ?", (reference,))
        if cursor.fetchone():
            raise PortalError(_("the reference {reference} is already used").format(
                reference=reference))
        _prefix, year, number = reference.split("-")
        cursor.execute(
            "INSERT INTO qa_counters (year, last) VALUES (?, ?) ON CONFLICT (year) DO "
            "UPDATE SET last = CASE WHEN qa_counters.last < excluded.last THEN "
            "excluded.last ELSE qa_counters.last END", (int(year), int(number)))

    def raise_counters(self, floors: Mapping[int, int]) -> None:
        """Make each year's next reference come after `floors[year]`: questions answered
        before the intake (on paper, or in the demo) keep their numbers and none is reused."""
        with self._transaction() as cursor:
            for year, last in sorted(floors.items()):
                cursor.execute(
                    "INSERT INTO qa_counters (year, last) VALUES (?, ?) ON CONFLICT (year) DO "
                    "UPDATE SET last = CASE WHEN qa_counters.last < excluded.last THEN "
                    "excluded.last ELSE qa_counters.last END", (year, last))

    def add_comment(self, *, document: str, received: dt.datetime, lang: str, comment: str,
                    identity: Mapping[str, str], fingerprint: str) -> bool:
        """Keep a comment on a draft; False when the same person already sent the same
        comment on it (nothing is stored twice)."""
        with self._transaction() as cursor:
            cursor.lock(fingerprint)
            cursor.execute("SELECT 1 FROM qa_comments WHERE fingerprint = ?", (fingerprint,))
            if cursor.fetchone():
                return False
            cursor.execute(
                "INSERT INTO qa_comments (id, document, received, lang, identity, comment, "
                "fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (uuid.uuid4().hex, document, _text(received), lang,
                 json.dumps(dict(identity), ensure_ascii=False, sort_keys=True), comment,
                 fingerprint))
        return True

    def comment_count(self, document: str) -> int:
        with self._transaction(write=False) as cursor:
            cursor.execute("SELECT count(*) FROM qa_comments WHERE document = ?", (document,))
            return int(cursor.fetchone()[0])

    def comments(self) -> list[tuple[str, dict[str, str], str]]:
        """Every comment: (draft, who wrote it, what), for the drafting unit and the tests."""
        with self._transaction(write=False) as cursor:
            cursor.execute("SELECT document, identity, comment FROM qa_comments "
                           "ORDER BY received")
            rows = cursor.fetchall()
        return [(row[0], json.loads(row[1]), row[2]) for row in rows]

    def get(self, reference: str) -> Record | None:
        with self._transaction(write=False) as cursor:
            cursor.execute(f"SELECT {', '.join(COLUMNS)} FROM qa_questions WHERE reference = ?",
                           (reference,))
            row = cursor.fetchone()
        return None if row is None else _record(row)

    def require(self, reference: str) -> Record:
        record = self.get(reference)
        if record is None:
            raise PortalError(_("no question has the reference {reference}; 'portal qa list' "
                                "shows them").format(reference=reference))
        return record

    def update(self, reference: str, **changes: Any) -> Record:
        unknown = set(changes) - CHANGEABLE
        if unknown:
            raise ValueError(f"not changeable: {sorted(unknown)}")
        names = sorted(changes)
        with self._transaction() as cursor:
            cursor.execute(
                f"UPDATE qa_questions SET {', '.join(f'{name} = ?' for name in names)} "
                "WHERE reference = ?",
                (*(_stored(changes[name]) for name in names), reference))
        return self.require(reference)

    def records(self) -> list[Record]:
        with self._transaction(write=False) as cursor:
            cursor.execute(f"SELECT {', '.join(COLUMNS)} FROM qa_questions ORDER BY received")
            rows = cursor.fetchall()
        return [_record(row) for row in rows]


class _Cursor:
    """A cursor that speaks `?` placeholders to either database."""

    def __init__(self, cursor: Any, dialect: Dialect) -> None:
        self._cursor, self._dialect = cursor, dialect

    def execute(self, sql: str, parameters: tuple[Any, ...] = ()) -> None:
        self._cursor.execute(self._dialect.placeholder(sql), parameters)

    def lock(self, key: str) -> None:
        self._dialect.lock(self._cursor, key)

    def fetchone(self) -> Any:
        return self._cursor.fetchone()

    def fetchall(self) -> list[Any]:
        return list(self._cursor.fetchall())





def _text(moment: dt.datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _stored(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return _text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _local(moment: dt.datetime) -> dt.datetime:
    """Moments are stored in UTC and handed out in the agency's time zone, so that `.date()`
    is the day in Lạng Sơn (a question of 06:30 on 23/11 is not one of 22/11)."""
    return moment.astimezone(AGENCY_TIMEZONE)


def _moment(text: str | None) -> dt.datetime | None:
    return None if text is None else _local(dt.datetime.fromisoformat(text))


def _record(row: tuple[Any, ...]) -> Record:
    values = dict(zip(COLUMNS, row, strict=True))
    return Record(
        reference=values["reference"], received=_local(dt.datetime.fromisoformat(
            values["received"])),
        lang=values["lang"], kind=values["kind"], topic=values["topic"],
        question=values["question"], identity=json.loads(values["identity"]),
        due=_local(dt.datetime.fromisoformat(values["due"])), handling=values["handling"],
        unit=values["unit"], noticed=_moment(values["noticed"]),
        reply_by=dt.date.fromisoformat(values["reply_by"]) if values["reply_by"] else None,
        answered=_moment(values["answered"]), reason=values["reason"])


def private_folder(root: Path, relative: str) -> Path:
    """The folder `relative` below `root`, created owner-only, no symbolic link on the way:
    personal data must not be redirected into the published tree or another user's folder."""
    path = root
    for part in Path(relative).parts:
        path = path / part
        with contextlib.suppress(FileExistsError):
            os.mkdir(path, 0o700)
        status = os.lstat(path)
        if not stat.S_ISDIR(status.st_mode):
            raise PortalError(_("{path} must be a real folder, not a link").format(path=path))
        if status.st_mode & 0o077:
            if status.st_uid != os.geteuid():
                raise PortalError(_("{path} is open to other users and not ours to close: "
                                    "make it owner-only (chmod 700)").format(path=path))
            os.chmod(path, 0o700)
    return path


def private_file(root: Path, relative: str) -> Path:
    """The file `relative` below `root`, in a private folder (see private_folder)."""
    return private_folder(root, str(Path(relative).parent)) / Path(relative).name


def open_store(root: Path, sqlite_relative: str) -> Store:
    """PostgreSQL when PORTAL_QA_DATABASE_URL is set, else the SQLite file of qa.yaml (or of
    PORTAL_QA_STORE), created owner-only (0600) before SQLite opens it."""
    url = os.environ.get(DATABASE_URL_VARIABLE)
    if url:
        return Store(PostgresDialect(url))
    path = private_file(root, os.environ.get(STORE_PATH_VARIABLE) or sqlite_relative)
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise PortalError(_("the private store is a symbolic link; it must be a real "
                                "file"), path) from error
        raise PortalError(_("cannot open the private store: {problem}").format(
            problem=error.strerror), path) from error
    try:
        if os.fstat(descriptor).st_mode & 0o077:
            os.fchmod(descriptor, 0o600)
    finally:
        os.close(descriptor)
    try:
        return Store(SQLiteDialect(path))
    except sqlite3.DatabaseError as error:
        raise PortalError(_("the private store is not a readable SQLite database: {problem}")
                          .format(problem=error), path) from error
