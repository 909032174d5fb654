"""Union-find: which items end up connected through pairwise links."""
from __future__ import annotations

from collections.abc import Hashable, Iterable


class UnionFind:
    def __init__(self, items: Iterable[Hashable] = ()):
        self.parent = {x: x for x in items}

    def find(self, x: Hashable) -> Hashable:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]  # path halving keeps trees flat
            x = self.parent[x]
        return x

    def union(self, a: Hashable, b: Hashable) -> None:
        self.parent[self.find(b)] = self.find(a)
