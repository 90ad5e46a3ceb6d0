"""Exports of a build for other servers: every rendered document as files, with the configuration that serves
them as ``byregion serve`` does (:mod:`byregion.export.static`)."""
