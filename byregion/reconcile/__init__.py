"""The reconciliation service (W3C Entity Reconciliation API 0.2, as OpenRefine speaks it) for municipalities,
counties, city regions and themes: the index made with the build (:mod:`~byregion.reconcile.index`), names
folded to keys (:mod:`~byregion.reconcile.names`), look-up and scoring per request
(:mod:`~byregion.reconcile.service`), the HTTP protocol without a web framework
(:mod:`~byregion.reconcile.protocol`), the manifest (:mod:`~byregion.reconcile.manifest`) and the previews
(:mod:`~byregion.reconcile.preview`). See docs/reconcile.md.
"""
