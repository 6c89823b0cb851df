use super::*;

#[test]
fn months_read_and_write_as_yyyy_mm() {
    let m: BillingMonth = "2026-11".parse().unwrap();
    assert_eq!((m.year(), m.month()), (2026, 11));
    assert_eq!(m.to_string(), "2026-11");
    for bad in ["2026-13", "2026-00", "2026-1", "26-11", "2026/11", "", "abcd-ef", "2026-11-01"] {
        assert_eq!(bad.parse::<BillingMonth>().unwrap_err().code(), "period_invalid", "{bad}");
    }
    assert_eq!(m.months_since("2025-12".parse().unwrap()), 11);
    assert_eq!(m.months_since("2027-01".parse().unwrap()), -2);
}

#[test]
fn idle_share_is_exact_and_rounded_once() {
    assert_eq!(IdleShare::of(1, 3).ten_thousandths(), 3_333);
    assert_eq!(IdleShare::of(2, 3).ten_thousandths(), 6_667);
    assert_eq!(IdleShare::of(0, 0).ten_thousandths(), 0);
    assert_eq!(IdleShare::of(5, 5).to_string(), "100.0%");
    assert_eq!(IdleShare::of(1, 3).to_string(), "33.3%");
    assert_eq!(serde_json::to_string(&IdleShare::of(1, 4)).unwrap(), "0.25");
}
