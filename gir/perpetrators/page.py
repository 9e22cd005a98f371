"""The parts of a measure's page that the apps above perpetrators add (gir.core.pages):
the letters of the measure. A part is called with the user and the measure."""

from gir.core.pages import PageParts

measure_page = PageParts("measure")
