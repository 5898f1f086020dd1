//! The rules of a game people play, without a window: hot-seat turns, the queue, the
//! facilitator's hold, seat changes and branching.

use std::time::Duration;

use super::*;
use crate::negotiation::protocol::Move;
use crate::scenario::default_scenario;
use crate::sim::catalog::{Effect, GoodSel, NationSel, Regime};
use crate::sim::facilitator::Intervention;
use crate::sim::nation::{Controller, Nation};
use crate::sim::orders::{ExportRule, Policies};

const US: usize = 0;
const CN: usize = 1;
const EU: usize = 2;
const JP: usize = 3;

fn session(seats: &[usize], dir: Option<&std::path::Path>) -> Session {
    let s = default_scenario().unwrap();
    assert_eq!(
        [US, CN, EU, JP].map(|n| s.nations[n].id.as_str()),
        ["US", "CN", "EU", "JP"]
    );
    Session::new(
        s,
        seats,
        9,
        Difficulty::Passive,
        dir.map(|d| d.to_path_buf()),
    )
    .unwrap()
}

fn facilitated(seats: &[usize], dir: Option<&std::path::Path>) -> Session {
    let mut s = session(seats, dir);
    s.start_facilitating();
    s
}

fn set(s: &mut Session, f: impl FnOnce(&mut Facilitation)) {
    f(s.facilitation_mut().expect("facilitator mode"));
}

fn controller(s: &Session, n: usize) -> Seat {
    let world = s.sim().world();
    let mut q = crate::sim::read::<(&Nation, &Controller)>(world);
    q.iter(world).find(|(x, _)| x.idx == n).unwrap().1.0
}

/// The first open summit waiting for the seat at the screen: its index and id.
fn waiting(s: &Session) -> Option<(usize, String, usize)> {
    let me = s.player();
    s.sim()
        .open_summits()
        .iter()
        .enumerate()
        .find_map(|(i, x)| {
            let pos = x.parties.iter().position(|&p| p == me)?;
            (x.protocol.to_move() == Some(pos)).then(|| (i, x.id.clone(), x.agenda.len()))
        })
}

/// The package of summit `index` worth most to the seat at the screen.
fn best_for_me(s: &Session, index: usize) -> Vec<usize> {
    let x = &s.sim().open_summits()[index];
    let pos = x.parties.iter().position(|&p| p == s.player()).unwrap();
    let best = (0..x.values[pos].len())
        .max_by(|&a, &b| x.values[pos][a].total_cmp(&x.values[pos][b]))
        .unwrap();
    let mut package = Vec::new();
    let mut rest = best;
    for &n in x.protocol.issue_options().iter().rev() {
        package.push(rest % n.max(1));
        rest /= n.max(1);
    }
    package.reverse();
    package
}

/// Walks away from every summit waiting for the seat at the screen.
fn leave_summits(s: &mut Session) {
    while let Some((i, ..)) = waiting(s) {
        s.summit_move(i, Move::WalkAway);
    }
}

/// Three teams take the screen in seat order behind the hand-over; a team cannot end its
/// month while the computer is being handed over; the month resolves only when all three
/// have ended it, and then the first team has the computer again.
#[test]
fn hot_seat_teams_take_the_screen_in_turn() {
    let mut s = session(&[JP, EU, CN], None);
    assert_eq!(
        (s.player(), s.handover()),
        (JP, Some(JP)),
        "even the first team takes the screen behind the hand-over"
    );
    assert_eq!(
        s.end_turn(),
        EndOfTurn::Refused,
        "not before it takes the seat"
    );
    s.take_seat();
    assert_eq!(s.end_turn(), EndOfTurn::Handed(EU));
    assert_eq!(s.end_turn(), EndOfTurn::Refused, "the hand-over is up");
    s.take_seat();
    assert_eq!(s.end_turn(), EndOfTurn::Handed(CN));
    assert_eq!(s.sim().turn(), 0);
    assert_eq!(s.ended(), [JP, EU]);
    s.take_seat();
    assert_eq!(s.end_turn(), EndOfTurn::Resolved);
    assert_eq!(s.sim().turn(), 1);
    assert!(s.ended().is_empty());
    assert_eq!((s.player(), s.handover()), (JP, Some(JP)));
}

/// A team that has ended its month gets the computer back when a summit waits for its move:
/// the month resolves only when no summit waits for a person.
#[test]
fn a_summit_brings_the_computer_back_to_a_team_that_ended() {
    let mut s = session(&[US, CN], None);
    s.take_seat();
    assert_eq!(s.end_turn(), EndOfTurn::Handed(CN));
    s.take_seat();
    assert_eq!(s.end_turn(), EndOfTurn::Resolved);
    // The Busan summit opens with the US to move.
    s.take_seat();
    assert_eq!(s.player(), US);
    let (index, ..) = waiting(&s).expect("Busan waits for the US");
    assert_eq!(s.end_turn(), EndOfTurn::Refused, "not while a summit waits");
    let ask = best_for_me(&s, index);
    s.summit_move(index, Move::Propose(ask));
    assert!(s.desk().warning.is_none(), "{:?}", s.desk().warning);
    assert_eq!(s.end_turn(), EndOfTurn::Handed(CN));
    s.take_seat();
    let (index, ..) = waiting(&s).expect("the US proposal waits for China");
    let counter = best_for_me(&s, index);
    s.summit_move(index, Move::Propose(counter));
    assert_eq!(
        s.end_turn(),
        EndOfTurn::Handed(US),
        "the US ended its month, but the summit waits for its answer"
    );
    s.take_seat();
    assert!(waiting(&s).is_some());
    leave_summits(&mut s);
    assert_eq!(s.end_turn(), EndOfTurn::Resolved);
    assert_eq!(s.sim().turn(), 2);
}

/// Orders wait for the end of the month on their team's desk; a later change to the same
/// lever replaces an earlier one; each team's orders reach the sim as the player's, from its
/// own nation, and the queues empty.
#[test]
fn queued_orders_are_given_when_the_month_resolves() {
    let mut s = session(&[JP, EU], None);
    let magnet = s.sim().catalog().good_index("magnet").unwrap();
    s.take_seat();
    for months in [Some(2.0), Some(6.0)] {
        s.queue(Order::SetReserveTarget {
            good: magnet,
            months,
        });
    }
    s.queue(Order::SetStockCover(3.0));
    assert_eq!(s.desk().queue.len(), 2);
    s.unqueue(1);
    s.unqueue(7);
    assert_eq!(s.desk().queue.len(), 1);
    assert_eq!(s.end_turn(), EndOfTurn::Handed(EU));
    assert!(s.desk().queue.is_empty(), "Europe's desk is its own");
    assert_eq!(s.queued(), 1);
    s.take_seat();
    s.queue(Order::SetStockCover(4.0));
    assert_eq!(s.end_turn(), EndOfTurn::Resolved);
    assert_eq!(s.queued(), 0);
    let given: Vec<_> = s
        .sim()
        .report()
        .orders
        .iter()
        .filter(|o| o.source == OrderSource::Player)
        .map(|o| (o.actor, o.order.clone()))
        .collect();
    assert_eq!(given.len(), 2, "{given:?}");
    assert_eq!(given[0].0, JP);
    assert!(given[0].1.contains('6'), "{}", given[0].1);
    assert_eq!(given[1].0, EU);
    let world = s.sim().world();
    let mut q = crate::sim::read::<(&Nation, &Policies)>(world);
    let jp = q.iter(world).find(|(n, _)| n.idx == JP).unwrap().1;
    assert_eq!(jp.reserve_targets[magnet], Some(6.0));
    // The players' orders are inputs: the save records them for replays.
    assert_eq!(
        s.sim()
            .world()
            .resource::<crate::sim::orders::Inputs>()
            .orders
            .len(),
        2
    );
}

/// Paused, nothing moves: no turn ends, no summit move is made, the clocks stop; the
/// projector view holds the game the same way.
#[test]
fn a_pause_holds_the_game_and_its_clocks() {
    let mut s = facilitated(&[US], None);
    set(&mut s, |f| {
        f.turn_limit = Some(120);
        f.paused = true;
    });
    assert_eq!(s.end_turn(), EndOfTurn::Refused);
    assert_eq!(s.sim().turn(), 0);
    assert_eq!(s.tick(Duration::from_secs(500)), None);
    assert_eq!(s.facilitation().unwrap().used, Duration::ZERO);
    set(&mut s, |f| {
        f.paused = false;
        f.projector = true;
    });
    assert_eq!(s.end_turn(), EndOfTurn::Refused);
    assert_eq!(s.tick(Duration::from_secs(500)), None);
    set(&mut s, |f| f.projector = false);
    assert_eq!(s.end_turn(), EndOfTurn::Resolved);
    assert_eq!(s.sim().turn(), 1);
}

/// Time limits: a summit move whose time is up proposes the package on the team's desk; a
/// month whose time is up ends the team's turn; the clocks start again for the next month.
#[test]
fn time_limits_move_for_the_team_when_its_time_is_up() {
    let mut s = facilitated(&[US], None);
    set(&mut s, |f| {
        f.turn_limit = Some(120);
        f.move_limit = Some(60);
    });
    assert_eq!(s.end_turn(), EndOfTurn::Resolved);
    let (index, id, issues) = waiting(&s).expect("Busan waits for the US");
    let draft = vec![1; issues];
    s.desk_mut().drafts.insert(id, draft.clone());
    assert_eq!(s.tick(Duration::from_secs(59)), None);
    assert_eq!(
        s.facilitation().unwrap().left(),
        (Some(Duration::from_secs(61)), Some(Duration::from_secs(1)))
    );
    assert_eq!(
        s.tick(Duration::from_secs(2)),
        Some(Timed::Summit {
            summit: index,
            action: Move::Propose(draft.clone()),
        })
    );
    // The proposal is in the transcript: of the open summit, or of its record if China's
    // answer closed it.
    let by_us = |t: &[crate::sim::summits::TranscriptEntry]| {
        t.iter()
            .any(|t| t.party == "US" && t.package.is_some() && t.reason == "a player's move")
    };
    let proposed = match s.sim().open_summits().first() {
        Some(x) => by_us(&x.transcript),
        None => s
            .sim()
            .report()
            .summits
            .iter()
            .any(|r| by_us(&r.transcript)),
    };
    assert!(proposed, "the US proposal is in the transcript");
    leave_summits(&mut s);
    assert_eq!(s.sim().turn(), 1);
    assert_eq!(s.tick(Duration::from_secs(200)), Some(Timed::EndTurn));
    assert_eq!(s.sim().turn(), 2);
    assert_eq!(s.facilitation().unwrap().used, Duration::ZERO);
}

/// On its last move at a summit, a team whose time is up walks away.
#[test]
fn the_last_timed_move_walks_away() {
    let mut s = facilitated(&[US], None);
    set(&mut s, |f| f.move_limit = Some(60));
    s.end_turn();
    let mut moves = 0;
    while let Some((index, id, _)) = waiting(&s) {
        // Asking for everything keeps China from closing the summit early.
        let greedy = best_for_me(&s, index);
        s.desk_mut().drafts.insert(id, greedy);
        let last = {
            let x = &s.sim().open_summits()[index];
            let pos = x.parties.iter().position(|&p| p == US).unwrap();
            x.protocol.is_last_move_of(pos)
        };
        let done = s.tick(Duration::from_secs(61));
        let Some(Timed::Summit { action, .. }) = done else {
            panic!("no move was made: {done:?}");
        };
        assert_eq!(matches!(action, Move::WalkAway), last, "{action:?}");
        moves += 1;
        if last {
            break;
        }
    }
    assert!(moves >= 2, "the summit ran to the US's last move ({moves})");
    assert!(waiting(&s).is_none());
}

/// An injected event and an export ban of the facilitator's wait for the month's end, then
/// go through the sim's effect and order path; a seat handed to the AI leaves the computer
/// at once and is the AI's when the month resolves.
#[test]
fn interventions_wait_for_the_month_to_resolve() {
    let mut s = facilitated(&[US, JP], None);
    s.take_seat();
    assert_eq!(s.inject_event(99), Err("pick an event".to_string()));
    s.inject_event(0).unwrap();
    let ndpr = s.sim().catalog().good_index("ndpr").unwrap();
    s.inject(Intervention::Inject {
        event: None,
        headline: "Beijing halts NdPr exports to Japan".into(),
        effects: vec![Effect::Order {
            nation: CN,
            order: Order::SetExportRegime(ExportRule {
                goods: GoodSel::Only(vec![ndpr]),
                to: NationSel::Only(vec![JP]),
                regime: Regime::Ban,
                expires: None,
            }),
        }],
    })
    .unwrap();
    s.hand_seat(JP, true).unwrap();
    assert_eq!(s.seats(), [US], "Japan's team leaves the computer at once");
    assert_eq!(s.facilitation().unwrap().pending().len(), 3);
    assert!(s.sim().report().interventions.is_empty());
    assert_eq!(controller(&s, JP), Seat::Human);
    // Withdrawn and given again: the same three.
    s.withdraw(1);
    assert_eq!(s.facilitation().unwrap().pending().len(), 2);
    assert_eq!(s.end_turn(), EndOfTurn::Resolved);
    assert!(s.facilitation().unwrap().pending().is_empty());
    let what: Vec<_> = s
        .sim()
        .report()
        .interventions
        .iter()
        .map(|i| (i.turn, i.what.clone()))
        .collect();
    assert_eq!(what.len(), 2, "{what:?}");
    assert_eq!(what[1], (1, "The AI takes over Japan's seat".to_string()));
    assert_eq!(controller(&s, JP), Seat::Ai);
    let world = s.sim().world();
    let mut q = crate::sim::read::<(&Nation, &Policies)>(world);
    let cn = q.iter(world).find(|(n, _)| n.idx == CN).unwrap().1;
    assert_ne!(cn.regime(ndpr, JP), Regime::Ban, "the ban was withdrawn");
    // Outside facilitator mode there is nothing to inject into.
    let mut plain = session(&[US], None);
    assert!(plain.inject_event(0).is_err());
    assert!(plain.hand_seat(JP, false).is_err());
}

/// A seat handed to the AI and taken back before the month ends changes nothing; one given
/// back to people after a month joins the teams at the computer. The last team cannot leave,
/// nor can a team at a summit table. Facilitator mode ending undoes pending seat changes.
#[test]
fn seats_go_to_the_ai_and_back() {
    let mut s = facilitated(&[US, CN], None);
    s.take_seat();
    s.hand_seat(CN, true).unwrap();
    assert_eq!(s.seats(), [US]);
    let last = s.hand_seat(US, true).unwrap_err();
    assert!(last.contains("last team"), "{last}");
    s.hand_seat(CN, false).unwrap();
    assert_eq!(s.seats(), [US, CN]);
    assert!(
        s.facilitation().unwrap().pending().is_empty(),
        "taken back: nothing to give"
    );
    let again = s.hand_seat(CN, false).unwrap_err();
    assert!(again.contains("already played by people"), "{again}");
    // Japan joins from the next month.
    s.hand_seat(JP, false).unwrap();
    assert_eq!(s.seats(), [US, CN, JP]);
    assert_eq!(s.end_turn(), EndOfTurn::Handed(CN));
    s.take_seat();
    assert_eq!(s.end_turn(), EndOfTurn::Handed(JP));
    s.take_seat();
    assert_eq!(s.end_turn(), EndOfTurn::Resolved);
    assert_eq!(s.sim().turn(), 1);
    assert_eq!(controller(&s, JP), Seat::Human);
    // The Busan summit seats the US and China: neither can leave the table for the AI.
    assert_eq!(s.handover(), Some(US));
    s.take_seat();
    let table = s.hand_seat(CN, true).unwrap_err();
    assert!(table.contains("at the table"), "{table}");
    assert!(s.seats().contains(&CN));
    // A pending change withdrawn is undone at the computer.
    s.hand_seat(JP, true).unwrap();
    assert_eq!(s.seats(), [US, CN]);
    let k = s.facilitation().unwrap().pending().len() - 1;
    s.withdraw(k);
    assert_eq!(s.seats(), [US, CN, JP]);
    // A pending change is undone at the computer when facilitator mode ends.
    s.hand_seat(JP, true).unwrap();
    assert_eq!(s.seats(), [US, CN]);
    s.stop_facilitating();
    assert_eq!(s.seats(), [US, CN, JP]);
    assert!(s.facilitation().is_none());
}

/// Playing on from an earlier month seats the teams that held the nations then: a team
/// handed to the AI later is back at the computer, in its place in the order.
#[test]
fn a_branch_seats_the_teams_of_that_month() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = facilitated(&[JP, EU], Some(dir.path()));
    s.take_seat();
    assert_eq!(s.end_turn(), EndOfTurn::Handed(EU));
    s.take_seat();
    assert_eq!(s.end_turn(), EndOfTurn::Resolved);
    s.take_seat();
    s.hand_seat(EU, true).unwrap();
    assert_eq!(s.seats(), [JP]);
    for _ in 0..2 {
        s.end_turn();
    }
    assert_eq!(s.sim().turn(), 3);
    assert_eq!(controller(&s, EU), Seat::Ai);
    assert!(s.branch(3));
    assert_eq!(s.seats(), [JP], "after the change, Japan's team alone");
    assert!(s.branch(1));
    assert_eq!(s.sim().turn(), 1);
    assert_eq!(s.seats(), [JP, EU], "before it, both teams, in their order");
    assert_eq!(controller(&s, EU), Seat::Human);
    assert_eq!(s.handover(), Some(JP));
    assert!(s.facilitation().is_some(), "facilitator mode carries on");
}

/// The game saves between months and autosaves as each resolves; a saved game comes back with
/// people in the seats they held, and a game the AI played alone is refused.
#[test]
fn a_session_saves_and_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(&[EU], Some(dir.path()));
    s.end_turn();
    leave_summits(&mut s);
    s.end_turn();
    assert!(
        dir.path()
            .join(format!("autosave-2.{}", save::EXTENSION))
            .is_file(),
        "the second month autosaved"
    );
    let path = s.save_as("class").unwrap();
    let back = Session::from_save(save::load(&path).unwrap(), None).unwrap();
    assert_eq!(back.seats(), [EU]);
    assert_eq!(back.sim().state_hash(), s.sim().state_hash());
    let mut headless = crate::sim::Sim::new(s.scenario(), 1).unwrap();
    headless.step();
    let p = dir.path().join("headless.save");
    save::save(&headless, s.scenario(), &p).unwrap();
    let refused = Session::from_save(save::load(&p).unwrap(), None)
        .err()
        .expect("refused");
    assert!(refused.contains("played headless"), "{refused}");
}
