//! What the player asks for ([`Intent`]) and the side panel's tabs ([`Tab`]): the one
//! vocabulary every screen answers in.

use crate::negotiation::protocol::Move;
use crate::sim::catalog::NationIdx;
use crate::sim::orders::Order;

/// What the player asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Intent {
    EndTurn,
    /// Show this nation's dashboard.
    Select(NationIdx),
    /// A move in an open summit (its index among the open summits).
    Summit {
        summit: usize,
        action: Move,
    },
    /// Queue an order for the end of the month.
    Order(Order),
    /// Take back a queued order (its place in the queue).
    Unqueue(usize),
    /// Aim the per-partner levers at this nation.
    Partner(NationIdx),
    /// Show a tab of the side panel.
    Tab(Tab),
    /// Chart this good's prices in the market tab.
    MarketGood(usize),
    /// End the game now and see the debrief.
    Finish,
    /// Rebuild the game as it stood at the end of this turn and play on from there.
    Branch(u32),
    /// Write the game's debrief report (HTML, CSV, JSON) into the reports folder.
    WriteReport,
    /// Leave the game for the title screen.
    ToTitle,
    /// Close the program.
    Quit,
    /// Open the pause menu.
    Menu,
    /// The team the computer was handed to is at the screen: show its desk.
    TakeSeat,
    /// On the debrief of a hot-seat game: see it from this team's nation.
    ViewAs(NationIdx),
    /// A facilitator's control.
    Facilitate(FacilitatorIntent),
}

/// What the facilitator asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum FacilitatorIntent {
    Pause(bool),
    /// Inject the scenario's event with this index.
    InjectEvent(usize),
    /// Inject the headline being written.
    InjectDraft,
    /// Take back a pending injection or seat change.
    Withdraw(usize),
    /// Hand this nation to the AI (true) or to people (false).
    HandToAi(NationIdx, bool),
    TurnLimit(Option<u64>),
    MoveLimit(Option<u64>),
    RevealAi(bool),
    Projector(bool),
    Open(bool),
}

/// The side panel's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    News,
    Policies,
    Licences,
    Markets,
    Deals,
}

impl Tab {
    pub const ALL: [(Tab, &'static str, &'static str); 5] = [
        (
            Tab::News,
            "News",
            "What happened, and why the other nations did what they did.",
        ),
        (
            Tab::Policies,
            "Policies",
            "Your levers: export rules, tariffs, reserves, plants.",
        ),
        (
            Tab::Licences,
            "Licences",
            "Export licences you decide, and those others decide on your supplies.",
        ),
        (
            Tab::Markets,
            "Markets",
            "Prices of each good in every region, month by month.",
        ),
        (
            Tab::Deals,
            "Deals",
            "Agreements signed at summits, their terms, and the summits held.",
        ),
    ];
}
