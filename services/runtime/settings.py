"""Settings read from the environment, once per process (pydantic-settings).

`NATS_URL` and `DATABASE_URL` point at the servers; when they are unset the local stack
launcher and the test suite start embedded ones and hand their URLs to every process.
"""

import json
import re
from pathlib import Path
from typing import Annotated

from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

INSTANCE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,30}$")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CONOCELES_", extra="ignore", frozen=True, populate_by_name=True
    )

    nats_url: Annotated[str | None, Field(validation_alias=AliasChoices("NATS_URL"))] = None
    database_url: Annotated[str | None, Field(validation_alias=AliasChoices("DATABASE_URL"))] = None
    otlp_endpoint: Annotated[
        str | None, Field(validation_alias=AliasChoices("OTEL_EXPORTER_OTLP_ENDPOINT"))
    ] = None

    instance: str = Field(
        default="conoceles",
        description="Names this deployment's database, roles, streams and subjects, so that "
        "several deployments (or test runs) share servers without colliding.",
    )
    var_dir: Path = Path("var")
    role_secret: str = Field(
        default="conoceles-local-only",
        description="Derives each service role's database password; set a real secret in "
        "production.",
    )
    gateway_host: str = "127.0.0.1"
    gateway_port: int = 8080
    request_timeout_s: float = 5.0
    health_timeout_s: float = 2.0
    health_cache_s: float = Field(
        default=1.0,
        ge=0,
        description="How long the gateway keeps the services' health it last asked for "
        "``/salud`` (services/gateway/health_cache.py); 0 asks on every request.",
    )
    relay_poll_interval_s: float = 1.0
    relay_batch_size: int = 500
    relay_publish_timeout_s: float = 5.0
    duplicate_window_s: float = 600.0
    stream_replicas: int = Field(
        default=1, ge=1, le=5, description="JetStream replicas per stream: 3 on a NATS cluster."
    )
    consumer_max_deliver: int = 5
    consumer_ack_wait_s: float = 30.0
    consumer_backoff_s: tuple[float, ...] = (1.0, 5.0, 15.0, 60.0)
    shutdown_grace_s: float = 10.0
    audit_origin: str | None = Field(
        default=None,
        description="Name of the activity log in its checkpoints (default from the instance).",
    )
    audit_signing_key: str | None = Field(
        default=None,
        description="Base64 of the Ed25519 seed that signs checkpoints; without it a key is "
        "derived from role_secret, fit for development only.",
    )
    institute_name: str = "Instituto Electoral Local"
    demo_profile: str = Field(
        default="estado-de-mexico",
        description="Whose demo election ``make up`` loads (``make up PROFILE=zacatecas``; "
        "contracts/demo.py PROFILES).",
    )
    public_url: str = Field(
        default="http://127.0.0.1:8080",
        description="Where people reach the portal (links in receipts and e-mails); "
        "unset, the gateway's own host and port.",
    )
    accounts_secret_key: str | None = Field(
        default=None,
        description="Base64 of 32 bytes that seals TOTP secrets, pending activation codes "
        "and token signing keys at rest; derived from role_secret when unset (development).",
    )
    capture_master_key: str | None = Field(
        default=None,
        description="Base64 of 32 bytes that wraps each candidacy's data key (identity "
        "answers); derived from role_secret when unset (development).",
    )
    access_token_ttl_s: int = Field(default=600, ge=30, le=900)
    session_ttl_s: int = Field(default=12 * 3600, ge=300)
    activation_code_ttl_days: int = Field(default=30, ge=1, le=90)
    signing_key_rotation_days: int = Field(default=30, ge=1)
    sign_in_per_minute: int = Field(
        default=20,
        ge=1,
        description="Sign-in and activation attempts per client address "
        "and minute at each gateway replica.",
    )
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_sender: str = "conoceles@localhost"
    smtp_starttls: bool = True
    failpoint: str | None = Field(
        default=None,
        description="Name of a crash point (tests only): the process kills itself there.",
    )
    log_level: str = "INFO"
    # Capture's uploads and registry import (issue 10, items 5 and 7): how many bytes of
    # unfinished uploads one account may hold, how long an unfinished one is kept, and
    # how many rows a registry file may have (larger ones are refused at once).
    upload_pending_max_bytes: int = Field(default=128 * 1024 * 1024, ge=1024)
    upload_expiry_s: float = Field(default=3600.0, gt=0)
    registry_max_rows: int = Field(default=250_000, ge=1)

    @field_validator("instance")
    @classmethod
    def _instance_is_a_plain_name(cls, value: str) -> str:
        if not INSTANCE_PATTERN.match(value):
            raise ValueError("instance must be lowercase letters, digits and _ (max 31)")
        return value

    @model_validator(mode="after")
    def _public_url_follows_the_gateway_port(self) -> "Settings":
        # A portal moved to another port (CONOCELES_GATEWAY_PORT) must not print, mail or
        # put on receipts the address of the one it could not take.
        if "public_url" not in self.model_fields_set:
            own = f"http://{self.gateway_host}:{self.gateway_port}"
            object.__setattr__(self, "public_url", own)  # frozen: set once, while validating
        return self

    @model_validator(mode="after")
    def _duplicate_window_covers_relay_horizon(self) -> "Settings":
        # The relay re-publishes a row it could not mark sent on its next pass; the
        # stream must still remember the first copy's id by then (see outbox.py).
        if self.duplicate_window_s <= self.relay_republish_horizon_s:
            raise ValueError(
                f"duplicate_window_s ({self.duplicate_window_s}) must exceed the relay's "
                f"re-publish horizon ({self.relay_republish_horizon_s} s)"
            )
        return self

    @property
    def relay_republish_horizon_s(self) -> float:
        """Longest time between a publish and its re-publish by a live relay."""
        return self.relay_publish_timeout_s * 2 + self.relay_poll_interval_s + 60.0

    @property
    def bus_prefix(self) -> str:
        return self.instance

    def as_env(self) -> dict[str, str]:
        """The environment that gives a child process these same settings."""
        env = {"NATS_URL": self.nats_url or "", "DATABASE_URL": self.database_url or ""}
        for name, value in self.model_dump(
            mode="json", exclude={"nats_url", "database_url", "otlp_endpoint"}, exclude_none=True
        ).items():
            env[f"CONOCELES_{name.upper()}"] = (
                json.dumps(value) if isinstance(value, list) else str(value)
            )
        if self.otlp_endpoint:
            env["OTEL_EXPORTER_OTLP_ENDPOINT"] = self.otlp_endpoint
        return env

    def require_nats_urls(self) -> list[str]:
        """The NATS servers, a comma-separated list (a cluster's nodes)."""
        if not self.nats_url:
            raise RuntimeError("NATS_URL must be set; `conoceles up` sets it for you")
        return [url.strip() for url in self.nats_url.split(",") if url.strip()]

    def require_database_url(self) -> str:
        if not self.database_url:
            raise RuntimeError("DATABASE_URL must be set; `conoceles up` sets it for you")
        return self.database_url

    # ----- issue 10, accounts: the CSRF key and the sign-in lockout per client address -----
    gateway_csrf_key: str | None = Field(
        default=None,
        description="Base64 of 32 bytes that binds each form's CSRF token to its session "
        "(the same on every gateway replica); derived from role_secret when unset "
        "(development).",
    )
    sign_in_address_free_failures: int = Field(
        default=20,
        ge=1,
        description="Failed sign-ins and wrong activation codes, with any user names, that "
        "one client address may make before it is slowed; raise it for an institute whose "
        "staff share one address (NAT). Only user names that have not succeeded from that "
        "address wait; correct activation codes never do.",
    )
    sign_in_address_max_lock_s: int = Field(
        default=1800, ge=1, description="Longest wait the address lockout imposes."
    )

    # ----- issue 14, moderation's screening: near-duplicate proposals (002 §II.A.1 I) -----
    moderation_similarity_threshold: float = Field(
        default=0.7,
        ge=0.3,
        le=0.99,
        description="Estimated Jaccard similarity (three-word runs) from which a proposal "
        "is flagged as close to another candidacy's; the LSH bands follow it.",
    )
    moderation_minhash_permutations: int = Field(
        default=128,
        ge=16,
        le=512,
        description="MinHash values per proposal: more estimate closer and take more "
        "room; changing it (or the threshold) needs every proposal screened again.",
    )

    # ----- issue 15, publication: the public read path's traces -----
    public_read_trace_ratio: float = Field(
        default=0.01,
        ge=0.0,
        le=1.0,
        description="Share of the anonymous public reads (profiles, searches, photos, "
        "served from the gateway's memory) whose trace is kept; every other request, and "
        "any read that arrives with a sampled trace context, is traced whole. 1.0 keeps all.",
    )

    # ----- issue 18, performance: the share of every other trace kept -----
    trace_ratio: float = Field(
        default=1.0,
        ge=0.0,
        le=1.0,
        description="Share of the traces kept, decided where a trace starts (a request at "
        "the gateway, a timer's tick, the relay's publishing) and followed by every process "
        "it crosses (W3C trace context's sampled flag, in NATS headers and in each event): "
        "a trace is kept whole or not at all. 1.0 keeps every one; a busy election may "
        "keep fewer (bench/RESULTS.md says what a span costs). Trace ids are made and "
        "written (activity log, incidents) either way; a trace not kept has no spans.",
    )

    # ----- issue 15, publication's core: the signing key of INE's events, the start timer -----
    publication_signing_key: str | None = Field(
        default=None,
        description="Base64 of the Ed25519 seed that signs every publication change for "
        "INE (its public key is served); derived from role_secret when unset (development).",
    )
    publication_tick_s: float = Field(
        default=2.0,
        gt=0,
        description="How often publication looks for elections whose publication start "
        "passed, to publish their candidacies at that moment.",
    )

    # ----- issue 15, publication's open data -----
    open_data_releases_kept: int = Field(
        default=5,
        ge=1,
        le=100,
        description="Open-data releases kept per election (the newest); older ones and "
        "their files are deleted when a new one is written.",
    )
    open_data_min_interval_s: float = Field(
        default=300.0,
        ge=0.0,
        description="Least time between two releases of one election: a change within it "
        "waits for the next release (in election week profiles change every second).",
    )

    # ----- issue 15, publication's backups (000 §5.7) -----
    backup_interval_s: float = Field(
        default=7 * 24 * 3600.0,
        gt=0,
        description="Least time between two backups the timer takes, where an election's "
        "profile keeps weekly backups (its knob weekly_backups); a week unless set.",
    )
    backup_dir: Path | None = Field(
        default=None,
        description="Folder of the backup archives; unset, var_dir/respaldos. Put it on "
        "another disk, or copy it off the machine: a backup beside its database is lost "
        "with it.",
    )
    backups_kept: int = Field(
        default=8,
        ge=1,
        le=1000,
        description="Backup archives kept (the newest); older ones are deleted when a new "
        "one is written.",
    )
    # ----- issue 15, publication's statistics -----
    statistics_min_interval_s: float = Field(
        default=30.0,
        ge=0.0,
        description="Least time between two compilations of one election's statistics: a "
        "change within it waits (they are compiled again every 10 minutes regardless).",
    )


def load_settings() -> Settings:
    return Settings()
