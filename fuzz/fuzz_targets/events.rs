//! The event log: a JSON list of events read and replayed (`Provider::replay`), then each event
//! applied again one by one (`Provider::apply`).
//! Properties: no panic; a replayed provider's sequence is the log's length, and it writes and
//! reads back equal; applying the events one by one gives the replayed provider; an event that
//! does not fit is refused and leaves the provider as it was.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mspkit::{Event, Provider};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(events) = serde_json::from_str::<Vec<Event>>(text) else { return };
    let Some((first, rest)) = events.split_first() else {
        assert!(Provider::replay(&events).is_err(), "an empty log replayed");
        return;
    };
    let replayed = Provider::replay(&events);
    // Apply one by one, keeping what fits: a refused event must leave the provider unchanged.
    let Ok(mut provider) = Provider::replay(std::slice::from_ref(first)) else {
        assert!(replayed.is_err(), "a log whose first event is refused replayed");
        return;
    };
    let mut all_fit = true;
    for event in rest {
        let before = provider.clone();
        if provider.apply(event).is_err() {
            assert_eq!(provider, before, "a refused event changed the provider");
            all_fit = false;
            break;
        }
    }
    match replayed {
        Ok(replayed) => {
            assert!(all_fit, "replay accepted a log that apply refused");
            assert_eq!(provider, replayed, "applying one by one differs from replaying");
            assert_eq!(replayed.last_sequence(), u64::try_from(events.len()).unwrap_or(u64::MAX));
            let again = Provider::from_json(&replayed.to_json().expect("a provider writes"))
                .expect("a replayed provider reads back");
            assert_eq!(again, replayed, "a replayed provider changes on a write and read");
        }
        Err(_) => assert!(!all_fit, "apply accepted a log that replay refused"),
    }
});
