from django.dispatch import Signal

# Sent by every hand-off transition inside its transaction, after the row is saved,
# with: handoff, from_status, to_status, actor. Apps above hand-offs (claims) listen
# to follow the work they wait on without hand-offs importing them.
handoff_status_changed = Signal()
