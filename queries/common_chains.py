"""Chains as trees, shared by both backends: descendants, lineage breadcrumbs, grouped implementers.

- `descendants_result`: each document sits under the documents it implements directly, minus the
  links a longer chain already implies (transitive reduction). A district plan that says it carries out
  both Chỉ thị 28 and its province's plan sits under the province plan; a plan carrying out two
  unrelated plans sits under both.
- `breadcrumbs`: for each root directive, the longest chain down to the document (every step shown:
  Chỉ thị 28 › the district's Kế hoạch › the commune's plan, rather than the short-cut a plan also cites).
- `implementers_tree`: implementers grouped by level (central → commune) then province, with counts.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

from queries.collation import viet_key
from queries.models import (
    Breadcrumb,
    DescendantsResult,
    DocSummary,
    Implementer,
    ImplementersResult,
    ImplementersTree,
    TreeGroup,
    TreeGroupProvince,
    TreeNode,
)
from queries.names import level_name
from queries.ordering import doc_order_key

Adjacent = Callable[[str], Iterable[str]]
LEVEL_ORDER = ("central", "province", "district", "commune", "unit", None)


def direct_parents(members: set[str], implementers_of: Adjacent) -> dict[str, list[str]]:
    """For each member, the members it implements directly (sorted)."""
    parents: dict[str, list[str]] = defaultdict(list)
    for p in sorted(members):
        for child in set(implementers_of(p)):
            if child in members and child != p:
                parents[child].append(p)
    return parents


def reduced_parents(parents: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Drop a parent P of D when another parent Q of D carries out P (P is an ancestor of Q)."""
    ancestors: dict[str, frozenset[str]] = {}

    def up(node: str) -> frozenset[str]:
        # Iterative DFS (chains may be long); a node on the current path counts as no ancestor (cycles).
        if node in ancestors:
            return ancestors[node]
        found: set[str] = set()
        stack = list(parents.get(node, []))
        while stack:
            p = stack.pop()
            if p in found or p == node:
                continue
            found.add(p)
            if p in ancestors:
                found |= ancestors[p]
            else:
                stack.extend(parents.get(p, []))
        ancestors[node] = frozenset(found)
        return ancestors[node]

    result: dict[str, list[str]] = {}
    for d, ps in parents.items():
        kept = [p for p in ps
                if not any(q != p and p in up(q) and q not in up(p) for q in ps)]
        result[d] = kept or list(ps)
    return result


def descendants_result(
    root: str,
    members: Iterable[str],
    implementers_of: Adjacent,
    summaries: Mapping[str, DocSummary],
    limit: int,
    truncated: bool,
) -> DescendantsResult:
    """The tree below `root` over the reached `members` (the implementer walk), at most `limit` placements."""
    reached = set(members)
    everyone = reached | {root}
    parents = reduced_parents(direct_parents(everyone, implementers_of))
    children: dict[str, list[str]] = defaultdict(list)
    for d in sorted(reached):
        for p in parents.get(d, []):
            children[p].append(d)
    order = {d: doc_order_key(summaries[d]) for d in everyone if d in summaries}
    placements = 0
    cut = truncated

    def build(node: str, path: frozenset[str], relation: str | None) -> TreeNode:
        nonlocal placements, cut
        kids: list[TreeNode] = []
        for k in sorted(children.get(node, []), key=order.__getitem__):
            if k in path:
                continue  # a cycle: never under itself
            if placements >= limit:
                cut = True
                break
            placements += 1
            kids.append(build(k, path | {k}, "IMPLEMENTS"))
        return TreeNode(document=summaries[node], relation=relation, children=kids)

    tree = build(root, frozenset({root}), None)
    return DescendantsResult(root=tree, count=len(reached), placements=placements, truncated=cut)


def breadcrumbs(chains: list[list[str]], roots: list[str], nodes: Mapping[str,
    DocSummary]) -> list[Breadcrumb]:
    """For each root, the longest chain (then the smallest) as a path from the root down to the document."""
    best: dict[str, list[str]] = {}
    for chain in chains:  # chains are sorted, so ties keep the lexicographically smallest
        top = chain[-1]
        if top not in best or len(chain) > len(best[top]):
            best[top] = chain
    return [Breadcrumb(root=r, path=[nodes[d] for d in reversed(best[r])]) for r in roots if r in best]


def implementers_tree(result: ImplementersResult) -> ImplementersTree:
    """Implementers grouped by level (central first) then province (Vietnamese order, unknown last)."""
    by_level: dict[str | None, dict[str | None, list[Implementer]]] = defaultdict(lambda: defaultdict(list))
    for item in result.items:
        doc_level = item.document.level if item.document.level in LEVEL_ORDER else None
        by_level[doc_level][item.document.province].append(item)
    groups = []
    for level in LEVEL_ORDER:
        if level not in by_level:
            continue
        provinces = by_level[level]
        names = sorted(provinces, key=lambda p: (p is None, viet_key(p)))
        rows = [TreeGroupProvince(province=p, count=len(provinces[p]), items=provinces[p]) for p in names]
        groups.append(TreeGroup(level=level or "unknown", level_name=level_name(level),
                                count=sum(r.count for r in rows), provinces=rows))
    labels = {result.target.id: result.target.label}
    labels.update({i.document.id: i.document.label for i in result.items})
    return ImplementersTree(target=result.target, total=len(result.items), truncated=result.truncated,
                            labels=dict(sorted(labels.items())), groups=groups)


__all__ = ["breadcrumbs", "descendants_result", "direct_parents", "implementers_tree", "reduced_parents"]
