//! A team of devices for the membership tests, sans IO: each device holds its document,
//! its own keys and a `SyncClient`, and talks to an in-memory relay that numbers blobs per
//! room, serves them in order and refuses writes to a retired room, as the real one does
//! (crates/relay). A device does what the app does with each event: vets and applies
//! payloads, refreshes the roster from the document, follows a re-keying once caught up.
#![allow(dead_code)]

use std::collections::HashMap;

use chrono::NaiveDate;
use retaguarda_core::members::{open_rekey, Role};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::sync::lobby::{self, JoinLink, LobbyMessage};
use retaguarda_core::sync::{
    BlobKind, ClientFrame, ClientState, DeviceId, DeviceKeys, ErrorCode, RelayFrame, SyncClient,
    SyncEvent, TeamSecret, PROTOCOL_VERSION,
};
use retaguarda_core::{Business, Device, OpCtx};

pub fn ctx() -> OpCtx {
    OpCtx::new(
        NaiveDate::from_ymd_opt(2026, 11, 22).expect("date"),
        1_795_000_000_000,
    )
}

/// One connection: its room, and the last sequence number it was sent (once subscribed).
#[derive(Default)]
pub struct Conn {
    room: Option<[u8; 32]>,
    delivered: Option<u64>,
}

/// One room of the relay.
#[derive(Default)]
struct Room {
    blobs: Vec<(u64, bool, Vec<u8>)>,
    retired: bool,
}

/// The in-memory relay.
#[derive(Default)]
pub struct Relay {
    rooms: HashMap<[u8; 32], Room>,
    /// A relay whose operator ignores `Retire` (the devices must not rely on it).
    pub ignores_retire: bool,
}

impl Relay {
    pub fn new() -> Self {
        Self::default()
    }

    /// How many blobs a room holds.
    pub fn len(&self, room: &[u8; 32]) -> usize {
        self.rooms.get(room).map_or(0, |r| r.blobs.len())
    }

    pub fn is_retired(&self, room: &[u8; 32]) -> bool {
        self.rooms.get(room).is_some_and(|r| r.retired)
    }

    /// Answers one client frame for the connection `conn`.
    fn answer(&mut self, conn: &mut Conn, frame: ClientFrame) -> Vec<RelayFrame> {
        match frame {
            ClientFrame::Hello { room: id, .. } => {
                conn.room = Some(id.0);
                let head = self.rooms.entry(id.0).or_default().blobs.len() as u64;
                vec![RelayFrame::Welcome {
                    protocol: PROTOCOL_VERSION,
                    head,
                    heartbeat_ms: 20_000,
                    timeout_ms: 10_000,
                }]
            }
            ClientFrame::Sync { since } => {
                let r = self.rooms.entry(conn.room.expect("hello")).or_default();
                let mut out: Vec<RelayFrame> = r
                    .blobs
                    .iter()
                    .filter(|(seq, _, _)| *seq > since)
                    .map(|(seq, snapshot, blob)| {
                        if *snapshot {
                            RelayFrame::SnapshotBlob {
                                seq: *seq,
                                supersedes: 0,
                                blob: blob.clone(),
                            }
                        } else {
                            RelayFrame::Blob {
                                seq: *seq,
                                blob: blob.clone(),
                            }
                        }
                    })
                    .collect();
                out.push(RelayFrame::CaughtUp {
                    head: r.blobs.len() as u64,
                });
                conn.delivered = Some(r.blobs.len() as u64);
                out
            }
            ClientFrame::Append { client_ref, blob } => self.store(conn, client_ref, false, blob),
            ClientFrame::Snapshot {
                client_ref, blob, ..
            } => self.store(conn, client_ref, true, blob),
            ClientFrame::Retire => {
                if !self.ignores_retire {
                    self.rooms
                        .entry(conn.room.expect("hello"))
                        .or_default()
                        .retired = true;
                }
                vec![]
            }
            ClientFrame::Ping { nonce } => vec![RelayFrame::Pong { nonce }],
            ClientFrame::Proof { .. } => vec![],
            // Peer-to-peer signals are not part of these tests: nothing is stored.
            ClientFrame::Signal { .. } => vec![],
        }
    }

    fn store(
        &mut self,
        conn: &mut Conn,
        client_ref: u64,
        snapshot: bool,
        blob: Vec<u8>,
    ) -> Vec<RelayFrame> {
        let r = self.rooms.entry(conn.room.expect("hello")).or_default();
        if r.retired {
            return vec![RelayFrame::Error {
                code: ErrorCode::Retired,
                client_ref: Some(client_ref),
                message: "a equipe trocou de chaves".into(),
            }];
        }
        // What others stored since this connection's last frame is pushed first, as the
        // relay does: blobs and acks come in sequence order on a subscribed connection.
        let mut out = Vec::new();
        if let Some(delivered) = conn.delivered {
            for (seq, _, blob) in r.blobs.iter().filter(|(seq, _, _)| *seq > delivered) {
                out.push(RelayFrame::Blob {
                    seq: *seq,
                    blob: blob.clone(),
                });
            }
        }
        let seq = r.blobs.len() as u64 + 1;
        r.blobs.push((seq, snapshot, blob));
        if conn.delivered.is_some() {
            conn.delivered = Some(seq);
        }
        out.push(RelayFrame::Ack { client_ref, seq });
        out
    }

    /// Connects `device`, exchanges frames until nothing moves, follows re-keyings (and
    /// connects again in the new room) and disconnects.
    pub fn sync(&mut self, device: &mut Member) {
        let room = self.open(device);
        self.finish(device, room);
    }

    /// Connects `device` and exchanges frames until nothing moves; it stays connected
    /// (and caught up) until [`Relay::finish`].
    pub fn open(&mut self, device: &mut Member) -> Conn {
        let mut room = Conn::default();
        device.client.connected();
        self.pump(device, &mut room);
        room
    }

    /// Delivers what `device` queued while open, takes its steps (following a
    /// re-keying, finishing a removal) and disconnects.
    pub fn finish(&mut self, device: &mut Member, mut room: Conn) {
        for _ in 0..40 {
            self.pump(device, &mut room);
            match device.step() {
                Step::Moved(mut old) => {
                    // The old client sends its Retire (if it queued one) before it goes.
                    while let Some(bytes) = old.poll_transmit() {
                        let frame = ClientFrame::decode(&bytes).expect("client frame");
                        self.answer(&mut room, frame);
                    }
                    room = self.open(device);
                }
                Step::Queued => {}
                Step::Idle => {
                    device.client.disconnected();
                    return;
                }
            }
        }
        panic!("{}: too many steps", device.name);
    }

    fn pump(&mut self, device: &mut Member, room: &mut Conn) {
        loop {
            let frames: Vec<Vec<u8>> =
                std::iter::from_fn(|| device.client.poll_transmit()).collect();
            if frames.is_empty() {
                return;
            }
            for bytes in frames {
                let frame = ClientFrame::decode(&bytes).expect("client frame");
                for answer in self.answer(room, frame) {
                    let events = device
                        .client
                        .handle_frame(&answer.encode())
                        .expect("relay frame");
                    device.on_events(events);
                }
            }
        }
    }

    /// Runs a lobby exchange: delivers everything in `lobby`'s room to `device`'s lobby
    /// client (joining or approving) and stores what it sends.
    pub fn pump_client(&mut self, client: &mut SyncClient) -> Vec<SyncEvent> {
        let mut room = Conn::default();
        client.connected();
        let mut all = Vec::new();
        loop {
            let frames: Vec<Vec<u8>> = std::iter::from_fn(|| client.poll_transmit()).collect();
            if frames.is_empty() {
                break;
            }
            for bytes in frames {
                let frame = ClientFrame::decode(&bytes).expect("client frame");
                for answer in self.answer(&mut room, frame) {
                    all.extend(client.handle_frame(&answer.encode()).expect("relay frame"));
                }
            }
        }
        client.disconnected();
        all
    }
}

/// What a device did once caught up.
pub enum Step {
    /// Moved to a new room; the old client may still have frames to send.
    Moved(SyncClient),
    /// Queued something to send in this room.
    Queued,
    /// Nothing to do.
    Idle,
}

/// One device of the team, as the app runs it.
pub struct Member {
    pub name: String,
    pub device: Device,
    pub keys: DeviceKeys,
    pub biz: Option<Business>,
    pub client: SyncClient,
    pub secret: TeamSecret,
    pub generation: u64,
    /// What the device would tell its person after a removal.
    pub message: Option<String>,
    /// Reasons of blobs set aside, in arrival order.
    pub quarantined: Vec<String>,
}

impl Member {
    pub fn id(&self) -> DeviceId {
        DeviceId(self.device.actor)
    }

    pub fn hex(&self) -> String {
        self.id().to_hex()
    }

    pub fn biz(&mut self) -> &mut Business {
        self.biz.as_mut().expect("document")
    }

    /// The staff secret this device opens from its document, if any.
    pub fn staff_secret(&self) -> Option<retaguarda_core::staff::StaffSecret> {
        self.biz
            .as_ref()
            .expect("document")
            .staff_secret(&self.keys)
            .expect("open")
    }

    /// The founder of a new team: creates the business, records itself as owner, and
    /// queues the document as the room's first snapshot.
    pub fn found(name: &str, person: &str, actor: u8) -> Self {
        let device = Device::with_actor([actor; 16], name);
        let keys = DeviceKeys::generate().expect("keys");
        let mut biz = Business::create(&device, "Padaria Pão Quente", &ctx()).expect("create");
        biz.found_team(&ctx(), &keys.public(), person)
            .expect("found");
        let secret = TeamSecret::generate().expect("secret");
        let mut member = Self::with(name, device, keys, Some(biz), secret, 0);
        let save = member.biz().save();
        member.client.add_snapshot(&save).expect("snapshot");
        member
    }

    fn with(
        name: &str,
        device: Device,
        keys: DeviceKeys,
        biz: Option<Business>,
        secret: TeamSecret,
        generation: u64,
    ) -> Self {
        let mut client = SyncClient::new(&secret, DeviceId(device.actor), ClientState::default())
            .with_signer(keys.clone());
        if let Some(biz) = &biz {
            client.set_roster(biz.roster().expect("roster"));
        }
        Self {
            name: name.to_string(),
            device,
            keys,
            biz,
            client,
            secret,
            generation,
            message: None,
            quarantined: Vec::new(),
        }
    }

    /// A new device admitted through an invite of `owner` for `person` with `role`, the
    /// whole handshake through the relay's lobby room; the codes both show must match.
    pub fn invited(
        relay: &mut Relay,
        owner: &mut Member,
        name: &str,
        person: &str,
        role: Role,
        actor: u8,
    ) -> Self {
        let mut invite = None;
        owner.record(|biz| {
            invite = Some(
                biz.create_invite(&ctx(), role, person, ctx().now_ms + 86_400_000)
                    .expect("invite"),
            );
        });
        let invite = invite.expect("invite");
        let link = JoinLink {
            secret: invite,
            relay: String::new(),
            expires_ms: Some(ctx().now_ms + 86_400_000),
        }
        .link("https://loja.exemplo");
        let device = Device::with_actor([actor; 16], name);
        let keys = DeviceKeys::generate().expect("keys");
        let (code, grant) = join_through_lobby(relay, owner, &link, &device, &keys);
        assert_eq!(code.len(), 7, "six digits: {code}");
        relay.sync(owner);
        let mut member = Self::with(name, device, keys, None, grant.secret, grant.generation);
        relay.sync(&mut member);
        assert!(member.biz.is_some(), "{name} received the team's document");
        member
    }

    /// Runs one operation and queues its change.
    pub fn record(&mut self, op: impl FnOnce(&mut Business)) {
        let biz = self.biz.as_mut().expect("document");
        let heads = biz.heads();
        op(biz);
        let bytes: Vec<u8> = biz.changes_since(&heads).concat();
        // A local change to the members (an admission) changes the roster too.
        let roster = biz.roster().expect("roster");
        self.client.add_changes(&bytes).expect("seal");
        let released = self.client.set_roster(roster);
        self.on_events(released);
    }

    /// Adds a customer.
    pub fn add_customer(&mut self, name: &str) {
        let name = name.to_string();
        self.record(move |biz| {
            biz.create_party(&ctx(), PartyInput::customer(name))
                .expect("party");
        });
    }

    /// The customers' names this device's document holds.
    pub fn customers(&mut self) -> Vec<String> {
        let mut names: Vec<String> = self
            .biz()
            .list::<retaguarda_core::parties::Party>(retaguarda_core::parties::PARTIES)
            .expect("parties")
            .into_iter()
            .map(|(_, p)| p.name)
            .collect();
        names.sort();
        names
    }

    /// Removes `devices` from the team and queues the re-keying as a mark.
    pub fn remove(&mut self, devices: &[String]) {
        let generation = self.generation;
        let biz = self.biz.as_mut().expect("document");
        let heads = biz.heads();
        let (id, _secret) = biz
            .remove_devices(&ctx(), devices, generation)
            .expect("remove");
        let bytes: Vec<u8> = biz.changes_since(&heads).concat();
        // Only while connected and caught up, as a period close: the relay's order then
        // picks between concurrent removals.
        self.client
            .add_rekey(&bytes, &id)
            .expect("connected and caught up");
    }

    fn on_events(&mut self, events: Vec<SyncEvent>) {
        for event in events {
            match event {
                SyncEvent::Apply {
                    seq,
                    kind,
                    device,
                    payload,
                } => {
                    let Some(biz) = self.biz.as_mut() else {
                        // A device that just joined starts from the snapshot.
                        let biz = Business::load(&payload, &self.device).expect("load");
                        self.biz = Some(biz);
                        self.refresh(seq);
                        continue;
                    };
                    if let Err(reason) =
                        biz.vet_changes(&device.to_hex(), kind == BlobKind::Snapshot, &payload)
                    {
                        self.quarantined.push(reason.clone());
                        self.client.quarantine(seq, device, reason);
                        continue;
                    }
                    biz.load_incremental(&payload).expect("apply");
                    self.refresh(seq);
                }
                SyncEvent::Quarantined { reason, .. } => self.quarantined.push(reason),
                _ => {}
            }
        }
    }

    /// After applying: the roster from the document (which may release quarantined
    /// blobs) and the re-keyings the blob brought.
    fn refresh(&mut self, seq: u64) {
        let biz = self.biz.as_mut().expect("document");
        let roster = biz.roster().expect("roster");
        let ids: Vec<String> = biz
            .rekeys_to(self.generation + 1)
            .expect("rekeys")
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        self.client.note_marks(ids.iter().map(String::as_str), seq);
        // A re-keying the relay stored: nothing more goes out in this room.
        if ids.iter().any(|id| self.client.stored_seq(id).is_some()) {
            self.client.hold();
        }
        let released = self.client.set_roster(roster);
        self.on_events(released);
    }

    /// Once caught up: follows a re-keying to the next generation that the relay is known
    /// to have stored, learns it was removed, or (an owner) removes again a device that a
    /// concurrent removal the team did not follow left with a share.
    pub fn step(&mut self) -> Step {
        if !self.client.is_caught_up() {
            return Step::Idle;
        }
        let me = self.hex();
        let device = self.id();
        let Some(biz) = self.biz.as_mut() else {
            return Step::Idle;
        };
        let rekeys: Vec<_> = biz
            .rekeys_to(self.generation + 1)
            .expect("rekeys")
            .into_iter()
            .filter(|(id, _)| self.client.stored_seq(id).is_some())
            .collect();
        let next = self
            .client
            .mark_to_follow(rekeys.iter().map(|(id, _)| id.as_str()))
            .and_then(|id| rekeys.into_iter().find(|(i, _)| *i == id));
        if let Some((id, rekey)) = next {
            let Some(secret) = open_rekey(&rekey, &me, &self.keys).expect("share") else {
                self.message = biz.standing(&me).expect("standing").message();
                assert!(
                    self.message.is_some(),
                    "a device without a share was removed"
                );
                return Step::Idle;
            };
            let carried = biz.carry_over_rekey(&id).expect("carry over");
            let mut client = SyncClient::new(&secret, device, ClientState::default())
                .with_signer(self.keys.clone());
            client.set_roster(biz.roster().expect("roster"));
            if rekey.by == me {
                // The new room starts from the remover's whole document.
                client.add_snapshot(&biz.save()).expect("snapshot");
                self.client.retire_room();
            }
            client.add_changes(&carried).expect("seal");
            self.secret = secret;
            self.generation += 1;
            return Step::Moved(std::mem::replace(&mut self.client, client));
        }
        // What the app does too: an owner's device finds from the document alone (the
        // generation and secret it holds) which removals to run again.
        let pending = biz
            .removals_to_redo(self.generation, &me, &self.keys, &self.secret)
            .expect("removals to redo");
        if !pending.is_empty() && self.client.is_up_to_date() {
            self.remove(&pending);
            return Step::Queued;
        }
        self.message = biz.standing(&me).expect("standing").message();
        Step::Idle
    }
}

/// The joining side and the approving side of the lobby, through `relay`; returns the
/// code both showed and what the new device received.
pub fn join_through_lobby(
    relay: &mut Relay,
    owner: &mut Member,
    link: &str,
    device: &Device,
    keys: &DeviceKeys,
) -> (String, lobby::Grant) {
    let link = JoinLink::parse(link).expect("link");
    let lobby_secret = link.secret.lobby();
    // The new device posts its request and shows its code.
    let mut joiner = SyncClient::new(
        &lobby_secret,
        DeviceId(device.actor),
        ClientState::default(),
    );
    let request = lobby::request_payload(&link.secret, DeviceId(device.actor), &device.name, keys)
        .expect("request");
    joiner.add_changes(&request).expect("seal");
    relay.pump_client(&mut joiner);
    // The owner's device reads it and shows the code for it.
    let mut approver = SyncClient::new(&lobby_secret, owner.id(), ClientState::default());
    let events = relay.pump_client(&mut approver);
    let requests: Vec<lobby::JoinRequest> = events
        .into_iter()
        .filter_map(|e| match e {
            SyncEvent::Apply { payload, .. } => {
                match lobby::read_message(&link.secret, &payload).expect("lobby message") {
                    LobbyMessage::Request(r) => Some(r),
                    LobbyMessage::Approval { .. } | LobbyMessage::Refusal { .. } => None,
                }
            }
            _ => None,
        })
        .collect();
    let request = requests
        .into_iter()
        .find(|r| r.device == DeviceId(device.actor))
        .expect("the request");
    let code = request.short_code(&link.secret);
    // The person confirms the codes match; the owner's device admits and answers.
    let generation = owner.generation;
    owner.record(|biz| {
        biz.approve_join(&ctx(), &link.secret, &request)
            .expect("approve");
    });
    let grant = lobby::Grant {
        secret: owner.secret.clone(),
        generation,
        epoch: None,
    };
    let approval = lobby::approval_payload(&request, &grant).expect("approval");
    approver.add_changes(&approval).expect("seal");
    relay.pump_client(&mut approver);
    // The new device reads its approval.
    let events = relay.pump_client(&mut joiner);
    let grant = events
        .into_iter()
        .find_map(|e| match e {
            SyncEvent::Apply { payload, .. } => {
                match lobby::read_message(&link.secret, &payload).expect("lobby message") {
                    LobbyMessage::Approval { device: d, sealed } if d == DeviceId(device.actor) => {
                        Some(lobby::open_approval(keys, &sealed).expect("open approval"))
                    }
                    _ => None,
                }
            }
            _ => None,
        })
        .expect("an approval");
    (code, grant)
}
