//! Reconnection delays grow, stay jittered within bounds, cap, and reset.

use retaguarda_core::sync::backoff::{BASE_MS, MAX_MS};
use retaguarda_core::sync::Backoff;

#[test]
fn delays_grow_with_jitter_and_cap() {
    let mut low = Backoff::new();
    let mut high = Backoff::new();
    let mut previous_ceiling = 0;
    for attempt in 0..20u32 {
        let a = low.next_delay_ms(0);
        let b = high.next_delay_ms(u32::MAX);
        assert!(a <= b, "attempt {attempt}");
        assert!(b <= MAX_MS);
        assert!(a >= BASE_MS / 2);
        assert!(b >= previous_ceiling.min(MAX_MS) / 2);
        previous_ceiling = b;
    }
    assert_eq!(high.next_delay_ms(MAX_MS - MAX_MS / 2), MAX_MS, "capped");
    assert_eq!(low.attempts(), 20);
    let mut fresh = Backoff::new();
    assert!(fresh.next_delay_ms(12345) <= BASE_MS);
    low.reset();
    assert!(low.next_delay_ms(u32::MAX) <= BASE_MS);
}

#[test]
fn different_random_numbers_spread_devices_apart() {
    let delays: std::collections::BTreeSet<u32> = (0..50u32)
        .map(|r| {
            let mut b = Backoff::new();
            b.next_delay_ms(0);
            b.next_delay_ms(0);
            b.next_delay_ms(r.wrapping_mul(2_654_435_761))
        })
        .collect();
    assert!(delays.len() > 20, "{} distinct delays", delays.len());
}
