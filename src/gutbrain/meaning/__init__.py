"""What a diary's entries mean — the one owner of it.

* ``gutbrain.meaning.words``: drink words, drink units, alcohol types, dishes that only contain
  wine, drinks that do not break a fast (one list each);
* ``gutbrain.meaning.entries``: ``Understanding`` (built from the diary's settings and food
  knowledge, both required) splits meal text with the person's own names kept together,
  decides food or drink and gives each entry's ``EntryMeaning`` — food factors, canonical
  food, components, caffeine, alcohol, gut facts — stored with the entry when it is written;
* ``gutbrain.meaning.exposures``: every exposure the trigger engine tests and the day-level
  factors (gut days from the person's own targets).

The layer sits between ``services`` and ``analysis``/``foods``: it may import both (and
``domain``), and it is pure — no store, no web.  Analysis stays below it and receives meanings
as callables.  Name normalisation lives in ``gutbrain.domain.names``.
"""
