"""Seed a company's worth of data, related as the services relate it, for the benchmark.

Rows are numbered here and written in bulk (COPY on PostgreSQL), parents before
children. Each row carries what the service that would have written it sets: a
claim fix has the claim's contract and client and the claim's fix-due time, a claim
its promptness figures, a finished hand-off its assignee, start and finish times, and
every transition an event. History rows: one "created" row per object and, for
claims and hand-offs that moved on, one "changed" row with the final state (the
services write one per save; the intermediate states live in the events).
Deterministic for a given scale and seed, relative to the hour it runs in.
"""

from bench.seeding.seeder import Seeder, seed, seeded_scale
from bench.seeding.vocabulary import edrpou

__all__ = ["Seeder", "edrpou", "seed", "seeded_scale"]
