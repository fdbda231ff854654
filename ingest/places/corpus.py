"""Placement across the corpus: what one text leaves vague, the others place.

A body whose text does not say where it is (`UBND xã An Bình … thực hiện Kế hoạch 19/KH-UBND của UBND
huyện`) is placed by the plans it cites (`moved`); a citation `của UBND huyện` that names no place is
the one placed body of that kind known to have issued that số hiệu (`PlacedBodies.placed_body`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from ingest import gazetteer
from ingest.model import OrgRef
from ingest.normalize import fold
from ingest.places.names import org_id, org_level
from ingest.records import Extraction, OrgRecord, RefRecord

# A local số hiệu: (symbol, number, year).
Number = tuple[str, str, int | None]
Move = tuple[str, str]  # (province, district)
_COMMUNE_BODIES = ("ubnd", "hdnd", "dang_uy")
_PLACE_FIELDS = ("province", "district", "commune")


def org_from_record(data: OrgRecord | None) -> OrgRef | None:
    return org_from_items(tuple(data.items())) if data else None


@lru_cache(maxsize=262144)
def org_from_items(items: tuple[tuple[str, str | None], ...]) -> OrgRef:
    """Bodies repeat across a corpus: each distinct one becomes an OrgRef once."""
    return OrgRef(**dict(items))  # type: ignore[arg-type]  # the fields of OrgRecord are OrgRef's


def fully_placed(org: OrgRef) -> bool:
    """A local body placed down to its own level: province, and district and commune where it has them."""
    level = org_level(org)
    if not org.province:
        return False
    if level in ("district", "commune") and not org.district:
        return False
    return not (level == "commune" and not org.commune)


def _placed_on_2025_map(org: OrgRef, year: int | None) -> bool:
    """A commune body writing since the July 2025 reform: its province and commune, no district."""
    return bool(year and year >= 2025 and org_level(org) == "commune" and org.province and org.commune)


class PlacedBodies:
    """The placed bodies of the corpus that issued each local số hiệu."""

    def __init__(self) -> None:
        self.bodies: dict[Number, set[str]] = defaultdict(set)
        self.orgs: dict[str, OrgRef] = {}

    def add(self, number: Number, issuer: OrgRef | None) -> None:
        if issuer is not None and (fully_placed(issuer) or _placed_on_2025_map(issuer, number[2])):
            oid = org_id(issuer)
            self.orgs[oid] = issuer
            self.bodies[number].add(oid)

    def issuers(self, number: Number) -> Iterator[OrgRef]:
        for oid in self.bodies.get(number, ()):
            yield self.orgs[oid]

    def placed_body(self, number: Number, vague: OrgRef) -> str | None:
        """The one placed body of this kind that issued `number` (for `của UBND huyện`, no place named)."""
        found = [
            oid
            for oid in self.bodies.get(number, ())
            if self.orgs[oid].kind == vague.kind
            and org_level(self.orgs[oid]) == org_level(vague)
            and all(_same_or_unknown(getattr(vague, f), getattr(self.orgs[oid], f)) for f in _PLACE_FIELDS)
        ]
        return found[0] if len(found) == 1 else None


def _same_or_unknown(vague: str | None, placed: str | None) -> bool:
    """A vague body's place agrees with a placed one's: not named, the same, or the same name written
    without its marks (`Luong Minh` of an OCR text is `Lương Minh`)."""
    if vague is None or vague == placed:
        return True
    if placed is None or not vague.isascii():
        return False
    return fold(vague) == fold(placed)


# The local số hiệu of a ref, (symbol, number) without the year, or None (`ingest.build` decides).
LocalNumber = Callable[[RefRecord], "tuple[str, str] | None"]


def moved(docs: Iterable[Extraction], bodies: PlacedBodies, local: LocalNumber) -> Iterator[Extraction]:
    """The extractions, with each body that its citations place moved there (its own issuer, and the
    vague bodies it cites, which are its own district's and province's)."""
    for e in docs:
        move = _move_by_citations(e, bodies, local)
        if move is None:
            yield e
            continue
        province, district = move
        own = e["doc"]
        assert own["issuer"] is not None  # only a body is moved
        own = {**own, "issuer": {**own["issuer"], "province": province, "district": district}}
        refs = []
        for ref in e["refs"]:
            body = org_from_record(ref["issuer"])
            if body is None or ref["central"] or body.province and not _vague_district_body(body):
                pass
            elif _vague_district_body(body):
                assert ref["issuer"] is not None
                ref = {**ref, "issuer": {**ref["issuer"], "province": province, "district": district,
                                         "unit_level": "district"}}
            elif org_level(body) != "central" and body.district in (None, district):
                assert ref["issuer"] is not None
                ref = {**ref, "issuer": {**ref["issuer"], "province": province}}  # its own province's
            refs.append(ref)
        yield {**e, "doc": own, "refs": refs}


def _move_by_citations(e: Extraction, bodies: PlacedBodies, local: LocalNumber) -> Move | None:
    """A body whose text does not say where it is, placed by the plans it cites.

    A commune naming neither district nor province (`UBND xã An Bình … thực hiện Kế hoạch 19/KH-UBND của
    UBND huyện`) goes to the one district that issued that plan and has a commune of that name; a
    district body of a name several provinces have (`UBND huyện Châu Thành … Kế hoạch 25/KH-UBND của UBND
    tỉnh`) to the one province that issued the cited plan and has a district of that name.
    """
    issuer = org_from_record(e["doc"]["issuer"])
    if issuer is None:
        return None
    if issuer.kind in _COMMUNE_BODIES and issuer.unit_level == "commune":
        if issuer.district or not issuer.commune:
            return None
        places = _citing_places(e, bodies, local, _vague_district_body, "district")
        fits = sorted(p for p in places if _has_commune(issuer.commune, p[1], p[0]))
        return fits[0] if len(fits) == 1 else None
    if org_level(issuer) == "district" and issuer.district and not issuer.province:
        district = issuer.district
        places = _citing_places(e, bodies, local, _vague_province_body, "province") | {
            p
            for p in _citing_places(e, bodies, local, _unplaced_district(district), "district")
            if p[1] == district
        }
        fits = sorted({(p[0], district) for p in places if _has_district(district, p[0])})
        return fits[0] if len(fits) == 1 else None
    return None


def _unplaced_district(name: str) -> Callable[[OrgRef], bool]:
    """`của UBND huyện Châu Thành` in a text that does not say which province's Châu Thành."""
    return lambda body: org_level(body) == "district" and body.district == name and not body.province


def _citing_places(
    e: Extraction, bodies: PlacedBodies, local: LocalNumber, vague: Callable[[OrgRef], bool], level: str
) -> set[Move]:
    """(province, district) of the placed bodies that issued the plans a text cites from vague bodies."""
    places: set[Move] = set()
    for ref in e["refs"]:
        body = org_from_record(ref["issuer"])
        number = local(ref)
        if body is None or number is None or not vague(body):
            continue
        for org in bodies.issuers((*number, ref["year"])):
            if org.kind == body.kind and org_level(org) == level and org.province:
                places.add((org.province, org.district or ""))
    return places


def _vague_province_body(body: OrgRef) -> bool:
    """`của UBND tỉnh`, `Tỉnh ủy` without a name: the province of the citing body, unnamed."""
    return org_level(body) == "province" and not (body.province or body.district or body.commune)


@lru_cache(maxsize=65536)
def _has_district(name: str, province: str) -> bool:
    return bool(gazetteer.find_districts(name, province=province))


def _vague_district_body(body: OrgRef) -> bool:
    """`UBND huyện`, `UBND thành phố` named by a commune's text: its own district (or city), unnamed."""
    if body.district or body.commune:
        return False
    if body.unit_level == "district":
        return True
    # `của UBND thành phố` read as a province-level city, with no city named
    return body.unit_kind == "thành phố" and body.unit_level == "province" and not _central_city(body)


def _central_city(body: OrgRef) -> bool:
    unit = gazetteer.find_province(body.province) if body.province else None
    return unit is not None and unit.kind == "thành phố"


@lru_cache(maxsize=65536)
def _has_commune(name: str, district: str, province: str) -> bool:
    return bool(gazetteer.find_communes(name, district=district, province=province))
