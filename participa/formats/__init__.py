"""Date formats per interface language (``FORMAT_MODULE_PATH``): unambiguous day-month-year.

English "18 Sept 2026, 18:05" (the month abbreviations without a full stop come from
``participa/locale/en``), Romanian "18 septembrie 2026" (month names in lower case, see
``participa.core.catalogue_overrides``), Polish "18.09.2026". Django's own module of each language
provides everything not set here.
"""
