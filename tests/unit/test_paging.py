"""A long list's pager: where «Anterior» and «Siguiente» lead, keeping the filters, and
what it says of the page shown."""

from services.gateway.paging import Pager, counted

KEPT = {"partido": "pan", "q": "Núñez"}


def test_each_link_keeps_the_filters_and_names_its_page() -> None:
    pager = Pager("/captura", KEPT, page=2, pages=7)
    assert pager.previous == "/captura?partido=pan&q=N%C3%BA%C3%B1ez&pagina=1"
    assert pager.next == "/captura?partido=pan&q=N%C3%BA%C3%B1ez&pagina=3"
    assert (pager.label, pager.shown) == ("Página 2 de 7", True)


def test_the_first_page_has_no_previous_and_the_last_no_next() -> None:
    assert Pager("/captura", {}, page=1, pages=3).previous is None
    assert Pager("/captura", {}, page=3, pages=3).next is None


def test_a_single_page_has_no_pager_but_an_address_past_the_end_leads_back() -> None:
    assert not Pager("/captura", {}, page=1, pages=1).shown
    assert not Pager("/captura", {}, page=1, pages=0).shown
    beyond = Pager("/captura", {}, page=9, pages=3)
    assert beyond.shown and beyond.next is None
    assert beyond.previous == "/captura?pagina=3"
    assert Pager("/captura", {}, page=4, pages=0).previous == "/captura?pagina=1"


def test_a_count_is_written_as_a_person_reads_it() -> None:
    assert counted(1, "candidatura", "candidaturas") == "1 candidatura"
    assert counted(0, "candidatura", "candidaturas") == "0 candidaturas"
    assert counted(12500, "candidatura", "candidaturas") == "12,500 candidaturas"
