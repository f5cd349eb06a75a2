"""Render folium maps without compiling their output a second time as Jinja templates.

branca (0.8) renders each element's ``header``/``html``/``script`` macro and wraps the *output* in
``Element(output)``, whose constructor compiles that text as a new Jinja template and renders it again
when the page is assembled.  Two consequences, both measured on this project's map:

* text from data is evaluated server-side: a tooltip reading ``{{ 7*7 }}`` came out as ``49``, and any
  Jinja expression in an imported file (a place name, a note) would run in the server process;
* compiling the ~1,000 outputs of one map cost 0.39 s of its 0.70 s render (jinja2 lex + compile).

:func:`install` replaces ``MacroElement.render`` with the same walk that keeps each output as inert
text.  The only folium feature that relied on the second pass (``GeoJsonStyleMapper`` turning an
element-valued style, e.g. a fill pattern, into ``{{'name'}}``) is not used here.  Idempotent.
"""

from __future__ import annotations

from branca.element import Element, Figure, MacroElement

class RenderedText(Element):
    """Output that is already rendered: returned as is, never parsed as a template."""

    def __init__(self, text: str):
        super().__init__()
        self._name = "RenderedText"
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


def _render(self: MacroElement, **kwargs) -> None:
    figure = self.get_root()
    assert isinstance(figure, Figure), "You cannot render this Element if it is not in a Figure."
    macros = self._template.module.__dict__
    for part in ("header", "html", "script"):
        macro = macros.get(part)
        if macro is not None:
            getattr(figure, part).add_child(RenderedText(str(macro(self, kwargs))), name=self.get_name())
    for element in self._children.values():
        element.render(**kwargs)


def install() -> None:
    MacroElement.render = _render
