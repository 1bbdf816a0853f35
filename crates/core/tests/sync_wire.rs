//! Every frame survives encode/decode, and garbage is an error, not a panic.

use proptest::prelude::*;
use retaguarda_core::sync::{ClientFrame, ErrorCode, RelayFrame, RoomId, WriteToken};

#[test]
fn client_frames_round_trip() {
    let frames = [
        ClientFrame::Hello {
            protocol: 1,
            room: RoomId([3; 32]),
            token: WriteToken([4; 32]),
        },
        ClientFrame::Sync { since: 42 },
        ClientFrame::Append {
            client_ref: 7,
            blob: vec![1, 2, 3],
        },
        ClientFrame::Snapshot {
            client_ref: 8,
            supersedes: 40,
            blob: vec![],
        },
        ClientFrame::Ping { nonce: 12 },
        ClientFrame::Proof {
            nonce: u64::MAX - 1,
        },
        ClientFrame::Retire,
    ];
    for frame in frames {
        assert_eq!(ClientFrame::decode(&frame.encode()), Ok(frame));
    }
}

#[test]
fn relay_frames_round_trip() {
    let frames = [
        RelayFrame::Welcome {
            protocol: retaguarda_core::sync::PROTOCOL_VERSION,
            head: 9,
            heartbeat_ms: 20_000,
            timeout_ms: 10_000,
        },
        RelayFrame::Ack {
            client_ref: 1,
            seq: 2,
        },
        RelayFrame::Blob {
            seq: 3,
            blob: vec![0xff; 10],
        },
        RelayFrame::SnapshotBlob {
            seq: 4,
            supersedes: 3,
            blob: vec![5],
        },
        RelayFrame::CaughtUp { head: 4 },
        RelayFrame::Error {
            code: ErrorCode::QuotaExceeded,
            client_ref: Some(5),
            message: "cota excedida".into(),
        },
        RelayFrame::Error {
            code: ErrorCode::Unauthorized,
            client_ref: None,
            message: String::new(),
        },
        RelayFrame::Pong { nonce: 12 },
        RelayFrame::Challenge(retaguarda_core::sync::Challenge {
            bits: 17,
            salt: [9; 16],
        }),
    ];
    for frame in frames {
        assert_eq!(RelayFrame::decode(&frame.encode()), Ok(frame));
    }
}

#[test]
fn error_codes_round_trip_and_fatality() {
    for n in 0..20u16 {
        assert_eq!(ErrorCode::from_u16(n).to_u16(), n);
    }
    assert!(ErrorCode::Unauthorized.is_fatal());
    assert!(!ErrorCode::RateLimited.is_fatal());
    assert!(!ErrorCode::Lagged.is_fatal());
    // A retired room refuses writes, not the team: the device moves on, it does not stop.
    assert_eq!(ErrorCode::Retired.to_u16(), 16);
    assert!(!ErrorCode::Retired.is_fatal());
    assert_eq!(ClientFrame::Retire.encode(), vec![0x10]);
    assert!(ClientFrame::decode(&[0x10, 0]).is_err());
}

#[test]
fn short_long_and_unknown_frames_are_errors() {
    assert!(ClientFrame::decode(&[]).is_err());
    assert!(ClientFrame::decode(&[0x01, 0, 1]).is_err());
    assert!(ClientFrame::decode(&[0x02, 0, 0, 0, 0, 0, 0, 0, 1, 9]).is_err());
    assert!(ClientFrame::decode(&[0x7f]).is_err());
    assert!(RelayFrame::decode(&[0x85, 1]).is_err());
}

proptest! {
    #[test]
    fn decoding_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = ClientFrame::decode(&bytes);
        let _ = RelayFrame::decode(&bytes);
    }
}
