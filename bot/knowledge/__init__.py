"""The editors' knowledge folder: loading, validation, hybrid search and hot reload.

Typical use::

    kb = KnowledgeBase.open(knowledge_dir, index_dir)
    hits = kb.search("Is Tessellate SOC 2 certified?", k=5)
"""

from bot.knowledge.base import BuildReport, DocumentInfo, Hit, KnowledgeBase
from bot.knowledge.documents import KnowledgeError, Problem
from bot.knowledge.embedding import Embedder
from bot.knowledge.watcher import Watcher, start_watching

__all__ = [
    "BuildReport",
    "DocumentInfo",
    "Embedder",
    "Hit",
    "KnowledgeBase",
    "KnowledgeError",
    "Problem",
    "Watcher",
    "start_watching",
]
