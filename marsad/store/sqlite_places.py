"""Schema steps of the `places` span table beyond its first version.

`041_place_detail` keeps what the regional gazetteer says about a place mention: its
kind (village, camp, governorate …), the governorate it lies in and its gazetteer id,
so that a stored article reads back with the same places it was enriched with.
Rows stored before it read back with empty values.
"""

from __future__ import annotations

from marsad.store.migration import Migration, statements

PLACE_MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "041_place_detail",
        statements(
            "ALTER TABLE places ADD COLUMN kind TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE places ADD COLUMN admin1 TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE places ADD COLUMN place_id TEXT NOT NULL DEFAULT ''",
        ),
    ),
)
