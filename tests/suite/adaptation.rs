//! Users adapt to a supply shock in ways that outlast it (issue 17, item 3): a redesign keeps
//! part of its saving when prices fall, and buyers a supplier cut off buy elsewhere first for
//! years, even at a cost. Both checked on the 2010–2015 episode as scripted.

use crate::common::*;
use chokepoint::scenario;
use chokepoint::sim::Sim;
use chokepoint::sim::nation::{Adaptation, Intensity, Nation};

/// `(intensity, redesign, supplier risk)` of one nation for one good, the risk on `supplier`.
fn adapted(sim: &Sim, who: usize, g: usize, supplier: usize) -> (f64, f64, f64) {
    let w = sim.world();
    let mut q = chokepoint::sim::read::<(&Nation, &Intensity, &Adaptation)>(w);
    let (_, i, a) = q
        .iter(w)
        .find(|(n, _, _)| n.idx == who)
        .expect("the nation is in the world");
    (i.0[g], a.redesign[g], a.risk(g, supplier))
}

/// The episode as scripted (history only), and the same with users who forget: use follows
/// prices back up and buyers rank suppliers by price alone (the model before adaptation).
fn episode() -> (Sim, Sim) {
    let s = scenario::load("embargo-2010").unwrap_or_else(|d| panic!("{d}"));
    let mut forgetful = s.clone();
    forgetful.market.thrift_return = 1.0;
    forgetful.market.supplier_risk = 0.0;
    (run(&s, 1, 72), run(&forgetful, 1, 72))
}

#[test]
fn a_redesign_outlasts_the_price_spike_and_a_cut_off_buyer_looks_elsewhere() {
    let (sim, forgetful) = episode();
    let c = sim.catalog();
    let (reo, jp, cn) = (good(c, "reo"), nation(c, "JP"), nation(c, "CN"));
    let (i, redesign, risk) = adapted(&sim, jp, reo, cn);
    let (i_f, _, risk_f) = adapted(&forgetful, jp, reo, cn);
    println!(
        "JP oxides, end of 2015: intensity {i:.3} (forgetful {i_f:.3}), redesigned to {redesign:.3}, \
         risk on China {risk:.3} ({risk_f:.3})"
    );
    // Japan redesigned during the spike; with the quotas gone and prices back near base, half the saving stays.
    assert!(redesign < 0.85, "{redesign}");
    assert!(
        i <= redesign + 0.5 * (1.0 - redesign) + 1e-9,
        "{i} vs {redesign}"
    );
    assert!(i < i_f - 0.03, "a redesign holds: {i} against {i_f}");
    // The 2010 halt and the quotas still weigh on China as a supplier years later (how the
    // premium reorders sources is checked in sim::market's tests).
    assert_eq!(risk_f, 0.0);
    assert!(risk > 0.15, "{risk}");
}
