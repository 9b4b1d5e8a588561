"""Content gaps: what buyers asked that the pages could not answer, for the editors.

Nothing here writes on the buyer's path: the action attaches an ``AnswerRecord`` to each reply's
``custom`` payload (stored with the reply by the gateway), buyers' helpful / not-helpful clicks
are their own table, and ``bot kb gaps`` derives the gaps from the stored conversations.
"""
