//! The event log's hash chain in the stores: each stored event keeps its `prev` and `hash`, the
//! hashes of its line in a version 2 event log (`mspkit::event_log::chain`), so an append that
//! does not continue the chain is refused and the stored log exports as a log `mspkit verify`
//! accepts.

use rusqlite::params;

use crate::store::{AppendError, NewEvent, StoreError};

/// The `prev` of a provider's first event: 64 zeros.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash of the event `document` after the event whose hash is `prev` (its line's hash in a
/// version 2 event log); `None` when `prev` is not a hash.
pub fn link(prev: &str, document: &str) -> Option<String> {
    let prev = mspkit::event_log::ChainHash::parse(prev)?;
    Some(mspkit::event_log::chain::line_hash(&prev, mspkit::event_log::LineKind::Event, document).to_string())
}

/// Checks that `events` continue the chain whose head is `head`, returning the new head.
pub fn check_chain(provider: &str, head: &str, events: &[NewEvent]) -> Result<String, AppendError> {
    let mut head = head.to_owned();
    for event in events {
        let refused = |detail: String| AppendError::Chain { provider: provider.to_owned(), detail };
        if event.prev != head {
            return Err(refused(format!(
                "event {} follows `{}`, not the head `{head}`",
                event.sequence, event.prev
            )));
        }
        if link(&event.prev, &event.document).as_deref() != Some(event.hash.as_str()) {
            return Err(refused(format!("event {}'s hash is not its document's", event.sequence)));
        }
        head.clone_from(&event.hash);
    }
    Ok(head)
}

/// Migration 2: each event's place in the hash chain (`prev`, `hash`), computed for the events
/// stored before (the append-only trigger is lifted for that one update, in the migration's
/// transaction).
pub(crate) fn migrate_sqlite(tx: &rusqlite::Transaction<'_>) -> Result<(), StoreError> {
    let has_hash: bool =
        tx.query_row("SELECT COUNT(*) FROM pragma_table_info('events') WHERE name = 'hash'", [], |row| {
            row.get::<_, i64>(0).map(|n| n > 0)
        })?;
    if !has_hash {
        tx.execute_batch(
            "ALTER TABLE events ADD COLUMN prev TEXT NOT NULL DEFAULT '';
             ALTER TABLE events ADD COLUMN hash TEXT NOT NULL DEFAULT '';",
        )?;
    }
    let rows: Vec<(String, i64, String)> = {
        let mut stmt =
            tx.prepare("SELECT provider_id, sequence, document FROM events ORDER BY provider_id, sequence")?;
        let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    if rows.is_empty() {
        return Ok(());
    }
    tx.execute_batch("DROP TRIGGER IF EXISTS events_no_update;")?;
    let mut head = (String::new(), GENESIS.to_owned());
    for (provider, sequence, document) in rows {
        if head.0 != provider {
            head = (provider.clone(), GENESIS.to_owned());
        }
        let hash = link(&head.1, &document)
            .ok_or_else(|| StoreError::Inconsistent("a stored hash is not a hash".to_owned()))?;
        tx.execute(
            "UPDATE events SET prev = ?1, hash = ?2 WHERE provider_id = ?3 AND sequence = ?4",
            params![head.1, hash, provider, sequence],
        )?;
        head.1 = hash;
    }
    tx.execute_batch(
        "CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
         BEGIN SELECT RAISE(ABORT, 'the events table is append-only'); END;",
    )?;
    Ok(())
}
