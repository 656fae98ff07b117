"""A list shown a page at a time, as a browser without JavaScript asks for it: the filters
its query string carries (typed back into the form, and kept in every page's address, so
an address can be shared) and the pager's links — «Anterior», «Página 2 de 7»,
«Siguiente» (captura/_paginas.html)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from aiohttp import web


def typed_filters(request: web.Request, names: Iterable[str]) -> dict[str, str]:
    """The filters of ``names`` the query string gives, as typed (blank ones left out)."""
    return {name: value for name in names if (value := request.query.get(name, "").strip())}


def counted(count: int, one: str, many: str) -> str:
    """«1 candidatura», «1,250 candidaturas»."""
    return f"{count:,} {one if count == 1 else many}"


@dataclass(frozen=True)
class Pager:
    """Where page ``page`` of ``pages`` leads, keeping the filters of ``kept``."""

    path: str
    kept: Mapping[str, str]
    page: int
    pages: int

    def address(self, page: int) -> str:
        return f"{self.path}?{urlencode({**self.kept, 'pagina': page})}"

    @property
    def shown(self) -> bool:
        """Only a list of more than one page, or an address past its end, has a pager."""
        return self.pages > 1 or self.page > max(self.pages, 1)

    @property
    def previous(self) -> str | None:
        """Past the last page, «Anterior» leads to the last one."""
        if self.page <= 1:
            return None
        return self.address(min(self.page - 1, max(self.pages, 1)))

    @property
    def next(self) -> str | None:
        return self.address(self.page + 1) if self.page < self.pages else None

    @property
    def label(self) -> str:
        return f"Página {self.page:,} de {max(self.pages, 1):,}"
