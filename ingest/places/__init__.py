"""Place resolution: which body issued a text and where it sits on the administrative map.

- `match`: an organization phrase in a text (`UBND huyện Núi Thành`, `Phòng GDĐT`, a school) as an
  `OrgRef`; `units` reads the place after it (`huyện Núi Thành`) against the gazetteer, and the July
  2025 map (`on_2025_map`).
- `issuer`: a document's own issuer, from its header, its body and its signature; `issuer_place`
  places it (header context, place-and-date line, the units its body names).
- `names`: canonical names, levels, parents and stable ids of bodies (the organization nodes).
- `corpus`: placement across the corpus (a commune placed by the district plan it cites; a vague
  `UBND huyện` by the one placed body known to have issued that số hiệu).

The rest of the ingest imports from here only.
"""

from ingest.places.corpus import PlacedBodies, fully_placed, moved, org_from_items, org_from_record
from ingest.places.issuer import SIGNATURES, issuer_of
from ingest.places.issuer_place import PLACE_DATE
from ingest.places.match import match_org
from ingest.places.names import (
    central_org,
    is_placed,
    org_id,
    org_level,
    org_name,
    parent_of,
    slug,
    with_context,
)
from ingest.places.units import after_reform, on_2025_map, place_after

__all__ = [
    "PLACE_DATE",
    "SIGNATURES",
    "PlacedBodies",
    "after_reform",
    "central_org",
    "fully_placed",
    "is_placed",
    "issuer_of",
    "match_org",
    "moved",
    "on_2025_map",
    "org_from_items",
    "org_from_record",
    "org_id",
    "org_level",
    "org_name",
    "parent_of",
    "place_after",
    "slug",
    "with_context",
]
