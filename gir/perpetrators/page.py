"""The parts of the register's pages that the apps above perpetrators add (gir.core.pages):
the letters of a measure; the requests of a person about their data (gir.privacy). A part
is called with the user and the measure or the person."""

from gir.core.pages import PageParts

measure_page = PageParts("measure")
person_page = PageParts("person")
