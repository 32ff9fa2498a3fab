"""Read every text value of every table: how tests prove a secret is stored nowhere in clear."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import connection


def all_text_values() -> Iterator[tuple[str, str]]:
    """(table, text) for each text, binary or JSON value in the database, whatever the model."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, str | bytes | memoryview):
                        yield table, value if isinstance(value, str) else bytes(value).decode("utf-8", "replace")
                    elif isinstance(value, dict | list):
                        yield table, str(value)
