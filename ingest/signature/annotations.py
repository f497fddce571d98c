"""A difference-analysis rule that lets comments added after signing pass as annotations.

pyHanko's default policy knows form filling but treats any other annotation added after
signing as a suspicious change (level OTHER), which would make a signed invoice that a
clerk merely commented `invalid`. This rule clears, at level ANNOTATIONS, new markup
annotations appended to a page whose dictionary is otherwise unchanged. Anything it does
not recognise it leaves alone, so pyHanko still flags it.
"""

from collections.abc import Iterator

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import HistoricalResolver, RawPdfPath
from pyhanko.sign.diff_analysis import (
    DEFAULT_DIFF_POLICY,
    ModificationLevel,
    QualifiedWhitelistRule,
    ReferenceUpdate,
    StandardDiffPolicy,
)
from pyhanko.sign.diff_analysis.rules_api import RelativeContext

MARKUP_SUBTYPES = frozenset(
    {
        "/Text", "/FreeText", "/Line", "/Square", "/Circle", "/Polygon", "/PolyLine",
        "/Highlight", "/Underline", "/Squiggly", "/StrikeOut", "/Caret", "/Ink",
        "/Stamp", "/Popup",
    }
)  # fmt: skip
"""Comments and their pop-ups: no widgets (form fields), links, media or actions."""

MAX_PAGE_TREE_DEPTH = 64

Update = tuple[ModificationLevel, ReferenceUpdate]


class MarkupAnnotationRule(QualifiedWhitelistRule):
    """Clear markup annotations appended to pages after signing."""

    def apply_qualified(
        self, old: HistoricalResolver, new: HistoricalResolver
    ) -> Iterator[Update]:
        pages = zip(
            _pages(old.root.raw_get("/Pages")),
            _pages(new.root.raw_get("/Pages")),
            strict=False,  # a reshaped page tree is not ours to clear: pyHanko flags it
        )
        for old_page, new_page in pages:
            yield from _page_updates(old, new, old_page, new_page)


def _pages(node: object, depth: int = 0) -> Iterator[generic.IndirectObject]:
    """The page objects under a page-tree node, in order (references only)."""
    if not isinstance(node, generic.IndirectObject) or depth > MAX_PAGE_TREE_DEPTH:
        return
    obj = node.get_object()
    if not isinstance(obj, generic.DictionaryObject):
        return
    if obj.get("/Type") == "/Page":
        yield node
        return
    kids = obj.get("/Kids")
    if isinstance(kids, generic.ArrayObject):
        for kid in kids:
            yield from _pages(kid, depth + 1)


def _page_updates(
    old: HistoricalResolver,
    new: HistoricalResolver,
    old_ref: generic.IndirectObject,
    new_ref: generic.IndirectObject,
) -> Iterator[Update]:
    """The updates one page needs when it only gained markup annotations."""
    if old_ref.reference != new_ref.reference:
        return
    old_page, new_page = old_ref.get_object(), new_ref.get_object()
    old_annots = _annotation_refs(old_page)
    new_annots = _annotation_refs(new_page)
    if old_annots is None or new_annots is None or not old_annots < new_annots:
        return
    if _without_annots(old_page) != _without_annots(new_page):
        return
    added = new_annots - old_annots
    if not all(_is_markup(new(ref)) for ref in added):
        return
    level = ModificationLevel.ANNOTATIONS
    yield level, ReferenceUpdate(new_ref.reference)
    array = new_page.raw_get("/Annots")
    if isinstance(array, generic.IndirectObject) and (
        array == old_page.get("/Annots", None)
        or old.is_ref_unassignable(array.reference)
    ):
        context = RelativeContext(old_ref.reference, RawPdfPath("/Annots"))
        yield level, ReferenceUpdate(array.reference, context_checked=context)
    for ref in added:
        if old.is_ref_unassignable(ref):
            yield level, ReferenceUpdate(ref)
        for dependency in new.collect_dependencies(
            new(ref), since_revision=old.revision + 1
        ):
            yield level, ReferenceUpdate(dependency)


def _annotation_refs(page: object) -> frozenset[generic.Reference] | None:
    """The page's annotations (all indirect), or None when it cannot tell."""
    if not isinstance(page, generic.DictionaryObject):
        return None
    annots = page.get("/Annots", generic.ArrayObject())
    if not isinstance(annots, generic.ArrayObject):
        return None
    if not all(isinstance(a, generic.IndirectObject) for a in annots):
        return None
    return frozenset(a.reference for a in annots)


def _without_annots(page: generic.DictionaryObject) -> dict[str, object]:
    return {key: page.raw_get(key) for key in page if key != "/Annots"}


def _is_markup(annotation: object) -> bool:
    return (
        isinstance(annotation, generic.DictionaryObject)
        and annotation.get("/Subtype") in MARKUP_SUBTYPES
    )


DIFF_POLICY = StandardDiffPolicy(
    global_rules=[*DEFAULT_DIFF_POLICY.global_rules, MarkupAnnotationRule()],
    form_rule=DEFAULT_DIFF_POLICY.form_rule,
)
"""pyHanko's default policy, plus comments after signing at level ANNOTATIONS."""
