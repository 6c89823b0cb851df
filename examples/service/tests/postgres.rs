//! The PostgreSQL store against a real server (`MSPKIT_TEST_PG`): the multi-tenant rules of
//! Citus hold for every statement it sends, the version contract holds, the log is append-only,
//! and the schema is versioned.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails loudly"
)]

mod common;

use std::collections::BTreeMap;

use mspkit_service::Location;
use mspkit_service::pg::{PgStore, sql};
use mspkit_service::store::{AppendError, EventStore, GENESIS, NewEvent, Remembered, link};

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

fn connect(db: &Location) -> PgStore {
    let Location::Postgres(url) = db else { panic!("not a PostgreSQL location") };
    PgStore::connect(url).unwrap()
}

#[test]
fn every_statement_filters_by_one_provider_and_no_transaction_spans_two() {
    let Some(db) = common::pg_db("statements") else { return };
    let store = connect(&db);
    store.record_statements();
    let remember = Remembered {
        account: "a".to_owned(),
        key: "k".to_owned(),
        request: "r".to_owned(),
        response: "{}".to_owned(),
    };
    // every method, on two providers, with conflicts
    for p in ["p1", "p2"] {
        assert_eq!(store.load(p).unwrap(), None);
        store.append(p, 0, &[event(1), event(2)], "v2").unwrap();
        store.append_remembering(p, 2, &[event(3)], "", std::slice::from_ref(&remember)).unwrap();
        assert!(matches!(store.append(p, 1, &[event(2)], "x"), Err(AppendError::Conflict { actual: 3, .. })));
        assert!(matches!(
            store.append_remembering(p, 3, &[], "", std::slice::from_ref(&remember)),
            Err(AppendError::Conflict { .. })
        ));
        assert!(matches!(store.append(p, 3, &[event(5)], "gap"), Err(AppendError::Store(_))));
        assert_eq!(store.remembered(p, "a", "k").unwrap(), Some(("r".to_owned(), "{}".to_owned())));
        assert_eq!(store.last_version(p).unwrap(), 3);
        assert_eq!(store.events_after(p, 2).unwrap(), vec![event(3).document]);
        let (snapshot, tail) = store.load_base(p).unwrap().unwrap();
        assert_eq!((snapshot, tail), (Some((2, "v2".to_owned())), vec![event(3).document]));
        store.save_snapshot(p, 3, "v3").unwrap();
        store.save_snapshot(p, 2, "older").unwrap();
        assert_eq!(store.snapshot(p).unwrap(), Some((3, "v3".to_owned())));
        assert!(store.load(p).unwrap().is_some());
        store.forget_snapshot(p).unwrap();
        assert!(store.load(p).unwrap().is_some());
        assert_eq!(store.sequences(p).unwrap(), vec![1, 2, 3]);
        assert_eq!(store.events(p).unwrap().len(), 3);
        assert_eq!(store.head(p, 3).unwrap(), event(3).hash);
        let mut forged = event(4);
        forged.prev = GENESIS.to_owned();
        assert!(matches!(store.append(p, 3, &[forged], "x"), Err(AppendError::Chain { .. })));
    }
    assert_eq!(store.providers().unwrap(), vec!["p1".to_owned(), "p2".to_owned()]);

    let sent = store.recorded();
    assert!(sent.len() > 40, "{} statements recorded", sent.len());
    let mut transactions: BTreeMap<u64, Vec<Option<String>>> = BTreeMap::new();
    for s in &sent {
        if s.statement == sql::PROVIDERS {
            // the one read across providers: outside any transaction
            assert_eq!((s.transaction, &s.provider), (0, &None), "{s:?}");
            continue;
        }
        assert!(
            sql::PER_PROVIDER.contains(&s.statement) || [sql::BEGIN, sql::COMMIT].contains(&s.statement),
            "a statement outside the checked list: {}",
            s.statement
        );
        assert!(s.provider.is_some(), "{s:?}");
        if s.transaction != 0 {
            transactions.entry(s.transaction).or_default().push(s.provider.clone());
        }
    }
    assert!(transactions.len() >= 10, "{transactions:?}");
    for (t, providers) in &transactions {
        assert!(providers.windows(2).all(|w| w[0] == w[1]), "transaction {t} spans providers: {providers:?}");
    }
}

#[test]
fn the_schema_is_versioned_and_the_log_append_only() {
    let Some(db) = common::pg_db("schema") else { return };
    let store = connect(&db);
    store.append("p", 0, &[event(1)], "v1").unwrap();
    drop(store);
    // a second open applies nothing again
    let store = connect(&db);
    assert_eq!(store.events("p").unwrap(), vec![event(1).document]);
    drop(store);
    let Location::Postgres(url) = &db else { panic!("not a PostgreSQL location") };
    let url = url.expose().to_owned();
    let answers = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async move {
            let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls).await.unwrap();
            tokio::spawn(connection);
            let versions: Vec<i32> = client
                .query("SELECT version FROM schema_migrations ORDER BY version", &[])
                .await
                .unwrap()
                .iter()
                .map(|r| r.get(0))
                .collect();
            let update = client.execute("UPDATE events SET document = 'x'", &[]).await.is_err();
            let delete = client.execute("DELETE FROM events", &[]).await.is_err();
            client.execute("INSERT INTO schema_migrations (version) VALUES (9999)", &[]).await.unwrap();
            (versions, update, delete)
        })
    })
    .join()
    .unwrap();
    assert_eq!(answers.0, (1..=mspkit_service::pg::schema_version()).collect::<Vec<_>>());
    assert!(answers.1 && answers.2, "UPDATE and DELETE on events are refused");
    let Location::Postgres(url) = &db else { panic!("not a PostgreSQL location") };
    let newer = PgStore::connect(url).unwrap_err();
    assert!(newer.to_string().contains("newer"), "{newer}");
}
