//! The SQLite store's tests.

use super::*;

/// Event `sequence` of a test log whose documents are `{"sequence":n}`, chained.
fn event(sequence: u64) -> NewEvent {
    let mut prev = GENESIS.to_owned();
    for n in 1..sequence {
        prev = link(&prev, &format!("{{\"sequence\":{n}}}")).unwrap();
    }
    let document = format!("{{\"sequence\":{sequence}}}");
    NewEvent {
        sequence,
        at: "2026-12-01T00:00:00Z".to_owned(),
        kind: "test".to_owned(),
        hash: link(&prev, &document).unwrap(),
        prev,
        document,
    }
}

#[test]
fn events_stored_before_the_chain_get_their_hashes() {
    let path = std::env::temp_dir().join(format!("mspkit-service-chain-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE events (provider_id TEXT NOT NULL, sequence INTEGER NOT NULL, at TEXT NOT NULL,
             kind TEXT NOT NULL, document TEXT NOT NULL, PRIMARY KEY (provider_id, sequence)) WITHOUT ROWID;
             CREATE TRIGGER events_no_update BEFORE UPDATE ON events
             BEGIN SELECT RAISE(ABORT, 'the events table is append-only'); END;
             INSERT INTO events VALUES ('p', 1, 'x', 'k', '{\"sequence\":1}');
             INSERT INTO events VALUES ('p', 2, 'x', 'k', '{\"sequence\":2}');
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let store = Store::open_file(&path).unwrap();
    assert_eq!(store.head("p", 1).unwrap(), event(1).hash);
    assert_eq!(store.head("p", 2).unwrap(), event(2).hash);
    store.append("p", 2, &[event(3)], "v3").unwrap();
    let updated = store.with(|conn| Ok(conn.execute("UPDATE events SET document = 'x'", [])));
    assert!(updated.unwrap().is_err(), "append-only again");
    drop(store);
    let _ = std::fs::remove_file(&path);
}

#[test]
fn an_append_that_does_not_continue_the_chain_is_refused() {
    let store = Store::open(&Location::Memory).unwrap();
    store.append("p", 0, &[event(1)], "v1").unwrap();
    let mut forged = event(2);
    forged.prev = GENESIS.to_owned();
    forged.hash = link(&forged.prev, &forged.document).unwrap();
    assert!(matches!(store.append("p", 1, &[forged], "x"), Err(AppendError::Chain { .. })));
    let mut edited = event(2);
    edited.document = "{\"sequence\":2,\"x\":1}".to_owned();
    assert!(matches!(store.append("p", 1, &[edited], "x"), Err(AppendError::Chain { .. })));
    store.append("p", 1, &[event(2)], "v2").unwrap();
    assert_eq!(store.head("p", 2).unwrap(), event(2).hash);
    assert_eq!(store.head("p", 0).unwrap(), GENESIS);
}

#[test]
fn an_old_snapshots_table_is_migrated_and_keeps_its_rows() {
    let path = std::env::temp_dir().join(format!("mspkit-service-migrate-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE snapshots (provider_id TEXT PRIMARY KEY NOT NULL, version INTEGER NOT NULL, \
             document TEXT NOT NULL) WITHOUT ROWID;
             INSERT INTO snapshots VALUES ('p', 2, 'v2');",
        )
        .unwrap();
    }
    let store = Store::open_file(&path).unwrap();
    assert_eq!(store.snapshot("p").unwrap(), Some((2, "v2".to_owned())));
    drop(store);
    let conn = Connection::open(&path).unwrap();
    let sql: String =
        conn.query_row("SELECT sql FROM sqlite_master WHERE name = 'snapshots'", [], |r| r.get(0)).unwrap();
    assert!(!sql.to_ascii_uppercase().contains("WITHOUT ROWID"), "{sql}");
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
    drop(conn);
    assert!(Store::open_file(&path).is_err(), "a newer schema is refused");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn a_load_base_is_the_latest_snapshot_and_the_events_after_it() {
    let store = Store::open(&Location::Memory).unwrap();
    assert_eq!(store.load_base("p").unwrap(), None);
    store.append("p", 0, &[event(1), event(2)], "v2").unwrap();
    store.append("p", 2, &[event(3), event(4)], "").unwrap();
    let (snapshot, tail) = store.load_base("p").unwrap().unwrap();
    assert_eq!(snapshot, Some((2, "v2".to_owned())));
    assert_eq!(tail, vec![event(3).document, event(4).document]);
    assert_eq!(store.last_version("p").unwrap(), 4);
    assert_eq!(store.events_after("p", 3).unwrap(), vec![event(4).document]);
}

#[test]
fn append_checks_the_expected_version_and_keeps_the_log_gapless() {
    let store = Store::open(&Location::Memory).unwrap();
    assert_eq!(store.load("p").unwrap(), None);
    store.append("p", 0, &[event(1), event(2)], "v2").unwrap();
    // a writer that started from version 1 is refused, and nothing of it is stored
    let stale = store.append("p", 1, &[event(2)], "stale").unwrap_err();
    assert!(matches!(stale, AppendError::Conflict { expected: 1, actual: 2, .. }), "{stale:?}");
    // an event that does not continue the log is refused
    assert!(matches!(store.append("p", 2, &[event(4)], "gap"), Err(AppendError::Store(_))));
    store.append("p", 2, &[event(3)], "v3").unwrap();
    assert_eq!(store.sequences("p").unwrap(), vec![1, 2, 3]);
    assert_eq!(store.load("p").unwrap(), Some(Stored::Snapshot { version: 3, document: "v3".to_owned() }));
    assert_eq!(store.providers().unwrap(), vec!["p".to_owned()]);
}

#[test]
fn a_stale_snapshot_gives_the_whole_log() {
    let store = Store::open(&Location::Memory).unwrap();
    store.append("p", 0, &[event(1)], "v1").unwrap();
    // a snapshot never goes backwards
    store.save_snapshot("p", 1, "older").unwrap();
    assert_eq!(store.snapshot("p").unwrap(), Some((1, "v1".to_owned())));
    // an event stored without its snapshot (as by another tool) makes the snapshot stale
    store
        .with(|conn| {
            Ok(conn.execute(
                "INSERT INTO events (provider_id, sequence, at, kind, document) VALUES ('p', 2, 'x', 'k', 'e2')",
                [],
            )?)
        })
        .unwrap();
    assert_eq!(
        store.load("p").unwrap(),
        Some(Stored::Log { version: 2, events: vec!["{\"sequence\":1}".to_owned(), "e2".to_owned()] })
    );
}

#[test]
fn the_events_table_is_append_only() {
    let store = Store::open(&Location::Memory).unwrap();
    store.append("p", 0, &[event(1)], "v1").unwrap();
    store
        .with(|conn| {
            assert!(conn.execute("UPDATE events SET document = 'x'", []).is_err());
            assert!(conn.execute("DELETE FROM events", []).is_err());
            Ok(())
        })
        .unwrap();
    assert_eq!(store.events("p").unwrap(), vec!["{\"sequence\":1}".to_owned()]);
}

#[test]
fn appends_from_many_threads_are_committed_in_groups_each_in_order() {
    let path = std::env::temp_dir().join(format!("mspkit-service-group-{}.db", std::process::id()));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let store = std::sync::Arc::new(Store::open_file(&path).unwrap());
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let store = std::sync::Arc::clone(&store);
            std::thread::spawn(move || {
                let provider = format!("p{t}");
                for n in 1..=20u64 {
                    store.append(&provider, n - 1, &[event(n)], "").unwrap();
                }
                // a stale version is refused, and refuses only itself
                assert!(matches!(
                    store.append(&provider, 3, &[event(4)], ""),
                    Err(AppendError::Conflict { actual: 20, .. })
                ));
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    for t in 0..8 {
        assert_eq!(store.sequences(&format!("p{t}")).unwrap(), (1..=20).collect::<Vec<u64>>());
    }
    drop(store);
    // every acknowledged append is in the file
    let store = Store::open_file(&path).unwrap();
    assert_eq!(store.providers().unwrap().len(), 8);
    assert_eq!(store.last_version("p7").unwrap(), 20);
    drop(store);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

#[test]
fn two_appends_to_one_provider_in_one_group_meet_the_version_check() {
    let store = std::sync::Arc::new(Store::open(&Location::Memory).unwrap());
    // both start from version 0: exactly one wins, whether or not they share a transaction
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let store = std::sync::Arc::clone(&store);
            std::thread::spawn(move || store.append("p", 0, &[event(1)], "v1").is_ok())
        })
        .collect();
    let won = threads.into_iter().map(|t| t.join().unwrap()).filter(|ok| *ok).count();
    assert_eq!(won, 1);
    assert_eq!(store.sequences("p").unwrap(), vec![1]);
}
