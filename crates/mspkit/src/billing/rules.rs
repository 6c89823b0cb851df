//! The seat rules of consolidated billing, in one place: what a plan's seats cost and when a
//! change is a purchase. The provider's commands, the invoice, the what-if and the reports all
//! call these.

/// Seats bought beyond the minimum: `max(0, assigned − minimum)`.
pub fn purchased_seats(assigned: u64, minimum: u32) -> u64 {
    assigned.saturating_sub(u64::from(minimum))
}

/// Seats paid for and given to no client: `max(0, minimum − assigned)`.
pub fn unassigned_seats(assigned: u64, minimum: u32) -> u64 {
    u64::from(minimum).saturating_sub(assigned)
}

/// Whether giving one client `to` seats instead of `from`, when its plan has `assigned` seats in
/// total and a minimum of `minimum`, results in a purchase: the plan's assigned total ends above
/// the minimum and above where it was.
pub fn is_purchase(assigned: u64, minimum: u32, from: u32, to: u32) -> bool {
    let after = assigned.saturating_sub(u64::from(from)).saturating_add(u64::from(to));
    after > u64::from(minimum) && after > assigned
}

/// The seats a change buys: how much `purchased_seats` grows.
pub fn seats_bought(assigned: u64, minimum: u32, from: u32, to: u32) -> u32 {
    let after = assigned.saturating_sub(u64::from(from)).saturating_add(u64::from(to));
    let bought = purchased_seats(after, minimum).saturating_sub(purchased_seats(assigned, minimum));
    // One client's change buys at most the seats it adds, which fit a u32.
    u32::try_from(bought).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_four_purchase_cases() {
        // Minimum 10, plan at 6 assigned: one client goes from 2 to …
        // below → below: 6 → 9, no purchase.
        assert!(!is_purchase(6, 10, 2, 5));
        assert_eq!(seats_bought(6, 10, 2, 5), 0);
        // below → above: 6 → 13, purchase of 3.
        assert!(is_purchase(6, 10, 2, 9));
        assert_eq!(seats_bought(6, 10, 2, 9), 3);
        // above → above (up): 12 → 14, purchase of 2.
        assert!(is_purchase(12, 10, 2, 4));
        assert_eq!(seats_bought(12, 10, 2, 4), 2);
        // above → above (down): 14 → 12: no purchase.
        assert!(!is_purchase(14, 10, 4, 2));
        // above → below: 12 → 8: no purchase, purchased back to 0.
        assert!(!is_purchase(12, 10, 6, 2));
        assert_eq!(purchased_seats(8, 10), 0);
        assert_eq!(unassigned_seats(8, 10), 2);
        // Exactly at the minimum is no purchase.
        assert!(!is_purchase(8, 10, 2, 4));
        assert_eq!(purchased_seats(12, 10), 2);
        assert_eq!(unassigned_seats(12, 10), 0);
        // Saturating, never wrapping.
        assert!(!is_purchase(u64::MAX, 0, 0, 1));
    }
}
