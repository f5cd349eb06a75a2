"""Overview, the landing page: the latest events, who holds what now, the tension trend, what is new since the last visit."""

from syriawatch import ui, ui_overview

ui_overview.forward_old_timeline_links()  # "/?event=…", "/?index=…": the timeline was the landing page before
ui_overview.page(ui.context())
