"""The conductor service: object indirection for computes and the long
task flows (boot, reschedule) that span the API database, the cells, the
scheduler and the computes."""
