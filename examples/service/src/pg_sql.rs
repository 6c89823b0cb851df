//! Every statement the PostgreSQL store sends, in one place so a test can check each.

/// The log's last event: its sequence and hash (none: no such provider). Written as an
/// `ORDER BY … DESC LIMIT 1` rather than `MAX(sequence)`: with statistics from before a
/// large import the planner judged the new provider to have one row and aggregated all its
/// rows (43 ms at 100 000 events, twice per write); the limit is read from the end of the
/// primary key's index whatever the statistics say.
pub const TIP: &str =
    "SELECT sequence, hash FROM events WHERE provider_id = $1 ORDER BY sequence DESC LIMIT 1";
/// A provider's snapshot.
pub const SNAPSHOT: &str = "SELECT version, document FROM snapshots WHERE provider_id = $1";
/// A provider's event documents.
pub const EVENTS: &str = "SELECT document FROM events WHERE provider_id = $1 ORDER BY sequence";
/// A provider's event documents after a sequence.
pub const EVENTS_AFTER: &str =
    "SELECT document FROM events WHERE provider_id = $1 AND sequence > $2 ORDER BY sequence";
/// A provider's sequences.
pub const SEQUENCES: &str = "SELECT sequence FROM events WHERE provider_id = $1 ORDER BY sequence";
/// Appends one event.
pub const INSERT_EVENT: &str = "INSERT INTO events (provider_id, sequence, at, kind, document, prev, hash) \
     VALUES ($1, $2, $3, $4, $5, $6, $7)";
/// Appends many events of one provider in one statement (an import): the columns as arrays.
pub const INSERT_EVENTS: &str = "INSERT INTO events (provider_id, sequence, at, kind, document, prev, hash) \
     SELECT $1, * FROM UNNEST($2::BIGINT[], $3::TEXT[], $4::TEXT[], $5::TEXT[], $6::TEXT[], $7::TEXT[])";
/// The hash of one event (the chain's head at its sequence).
pub const HEAD: &str = "SELECT hash FROM events WHERE provider_id = $1 AND sequence = $2";
/// Stores a snapshot unless a newer one is there.
pub const UPSERT_SNAPSHOT: &str = "INSERT INTO snapshots (provider_id, version, document) VALUES ($1, $2, $3) \
     ON CONFLICT (provider_id) DO UPDATE SET version = excluded.version, document = excluded.document \
     WHERE excluded.version > snapshots.version AND snapshots.provider_id = $1";
/// Drops a provider's snapshot.
pub const DELETE_SNAPSHOT: &str = "DELETE FROM snapshots WHERE provider_id = $1";
/// A remembered answer.
pub const REMEMBERED: &str =
    "SELECT request, response FROM idempotency WHERE provider_id = $1 AND account = $2 AND key = $3";
/// Remembers an answer.
pub const REMEMBER: &str =
    "INSERT INTO idempotency (provider_id, account, key, request, response) VALUES ($1, $2, $3, $4, $5)";
/// Every statement that concerns one provider: each binds the provider id to `$1`.
pub const PER_PROVIDER: &[&str] = &[
    TIP,
    SNAPSHOT,
    EVENTS,
    EVENTS_AFTER,
    SEQUENCES,
    INSERT_EVENT,
    INSERT_EVENTS,
    HEAD,
    UPSERT_SNAPSHOT,
    DELETE_SNAPSHOT,
    REMEMBERED,
    REMEMBER,
];
/// The one read across providers (for an export), sent outside any transaction.
pub const PROVIDERS: &str = "SELECT DISTINCT provider_id FROM events ORDER BY provider_id";
/// The markers a recorded transaction starts and ends with.
pub const BEGIN: &str = "BEGIN";
/// See [`BEGIN`].
pub const COMMIT: &str = "COMMIT";
