use std::io::BufReader;

use super::*;

/// Every event of `text` with its line, and the error that ends it, read through `source`.
fn read_all<R: BufRead>(
    source: R,
    max_line_bytes: usize,
) -> (Vec<(usize, Event)>, Option<LogError>, Option<ChainHash>) {
    let mut reader = EventLogReader::new(source).with_max_line_bytes(max_line_bytes);
    let mut events = Vec::new();
    loop {
        match reader.next_event() {
            Ok(Some(event)) => events.push(event),
            Ok(None) => return (events, None, reader.head()),
            Err(e) => return (events, Some(e), reader.head()),
        }
    }
}

#[test]
fn lines_read_in_place_or_copied_read_alike() {
    let text = std::fs::read_to_string("../../examples/events.jsonl").unwrap();
    let crlf = text.replace('\n', "\r\n");
    let unterminated = text.trim_end().to_owned();
    let longest = text.lines().map(str::len).max().unwrap();
    let expected = read_all(text.as_bytes(), MAX_LINE_BYTES);
    assert!(expected.1.is_none() && expected.0.len() > 300);
    for log in [&text, &crlf, &unterminated] {
        // A slice lends every line in place; small buffers make lines cross their ends.
        for capacity in [1, 7, 64, 500, 4096, 1 << 16] {
            assert_eq!(
                read_all(BufReader::with_capacity(capacity, log.as_bytes()), MAX_LINE_BYTES),
                expected
            );
        }
        assert_eq!(read_all(log.as_bytes(), MAX_LINE_BYTES), expected);
        // A line over the limit is refused on its line, whichever way it is read.
        let short = read_all(log.as_bytes(), longest - 1);
        let error = short.1.clone().unwrap();
        assert_eq!(error.code(), "event_line_too_long");
        for capacity in [7, 500, 1 << 16] {
            assert_eq!(read_all(BufReader::with_capacity(capacity, log.as_bytes()), longest - 1), short);
        }
    }
    // A byte that is not UTF-8 names its line and byte either way.
    let broken = text.replacen("Northwind", "North\u{fffd}wind", 1).replace('\u{fffd}', "\u{ff}");
    let mut bytes = broken.into_bytes();
    if let Some(at) = bytes.windows(2).position(|w| w == "ÿ".as_bytes()) {
        bytes.splice(at..at + 2, [0xff]);
    }
    let in_place = read_all(bytes.as_slice(), MAX_LINE_BYTES);
    assert_eq!(in_place.1.as_ref().unwrap().code(), "read_failed");
    assert_eq!(read_all(BufReader::with_capacity(7, bytes.as_slice()), MAX_LINE_BYTES), in_place);
}
