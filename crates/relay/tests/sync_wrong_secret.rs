//! A device with the wrong secret can neither open the team's room nor read
//! its blobs.

use crate::common;

use common::sim::{team_relay, RawClient, SimDevice};
use retaguarda_core::sync::{open, ErrorCode, RelayFrame, SyncError, TeamSecret, WriteToken};
use retaguarda_core::{Business, Device};

async fn team_with_data(url: &str, secret: &TeamSecret) {
    let founder = Device::with_actor([1; 16], "caixa");
    let mut origin =
        Business::create(&founder, "Mercadinho Boa Sorte", &common::sim::ctx()).expect("create");
    let mut a = SimDevice::new(secret, "caixa", 1, Some(origin.fork(&founder)));
    a.snapshot();
    a.add_customer("Cliente secreto");
    a.sync_once(url).await;
}

#[tokio::test]
async fn the_room_refuses_a_wrong_token() {
    let relay = team_relay().await;
    let (url, secret) = (relay.url.clone(), relay.secret.clone());
    team_with_data(&url, &secret).await;

    // Someone who learned the room id (it is not secret) but not the secret.
    let room = secret.derive().room;
    let impostor = TeamSecret::generate().expect("secret").derive();
    let mut raw = RawClient::connect(&url).await;
    match raw.hello(room, impostor.token).await {
        Some(RelayFrame::Error { code, message, .. }) => {
            assert_eq!(code, ErrorCode::Unauthorized);
            assert!(message.contains("convite"), "{message}");
        }
        other => panic!("expected Unauthorized, got {other:?}"),
    }
    assert_eq!(raw.recv().await, None, "the relay closes the connection");

    // Nothing is served to a connection that has not opened a room.
    let mut raw = RawClient::connect(&url).await;
    raw.send(retaguarda_core::sync::ClientFrame::Sync { since: 0 })
        .await;
    assert!(matches!(
        raw.recv().await,
        Some(RelayFrame::Error {
            code: ErrorCode::NotAuthenticated,
            ..
        })
    ));

    let mut raw = RawClient::connect(&url).await;
    let zero = WriteToken([0; 32]);
    assert!(matches!(
        raw.hello(room, zero).await,
        Some(RelayFrame::Error {
            code: ErrorCode::Unauthorized,
            ..
        })
    ));
}

#[tokio::test]
async fn a_wrong_secret_sees_an_empty_room_and_opens_nothing() {
    let relay = team_relay().await;
    let (url, secret) = (relay.url.clone(), relay.secret.clone());
    team_with_data(&url, &secret).await;

    // A wrong secret derives another room: empty, nothing to read.
    let other = TeamSecret::generate().expect("secret");
    let frames = RawClient::connect(&url).await.join(&other, 0).await;
    assert_eq!(frames, vec![RelayFrame::CaughtUp { head: 0 }]);

    // Even with the real room's blobs in hand, another key opens none.
    let blobs = RawClient::connect(&url).await.join(&secret, 0).await;
    let other_keys = other.derive();
    let mut count = 0;
    for frame in blobs {
        if let RelayFrame::Blob { blob, .. } | RelayFrame::SnapshotBlob { blob, .. } = frame {
            assert_eq!(open(&other_keys, &blob), Err(SyncError::Tampered));
            count += 1;
        }
    }
    assert_eq!(count, 2);
}
