//! The dominant refiner bans all exports: prices outside it spike within a few turns, then
//! ease as demand and stocks adjust (compare world-data §3.3, the 2010–2012 episode).

mod common;
use chokepoint::scenario::schema::{Effect, Event, Goods, Nations, Regime, Trigger};
use common::*;

#[test]
fn embargo_prices() {
    let mut s = open_scenario();
    s.events.push(Event {
        id: "ban".into(),
        headline: "China bans all rare-earth exports".into(),
        trigger: Trigger::AtTurn(3),
        repeat: false,
        effects: vec![Effect::ExportRegime {
            nation: "CN".into(),
            goods: Goods::Only(vec![
                "ndpr".into(),
                "dytb".into(),
                "lace".into(),
                "magnet".into(),
                "conc".into(),
            ]),
            to: Nations::All,
            regime: Regime::Ban,
        }],
    });
    let sim = run(&s, 1, 60);
    let c = sim.catalog();
    for g in ["ndpr", "dytb", "magnet", "lace"] {
        let gi = good(c, g);
        let base = c.goods[gi].base_price;
        let line: Vec<String> = (1..=60)
            .step_by(3)
            .map(|t| {
                format!(
                    "{:.1}/{:.1}",
                    sim.report().price(t, gi, nation(c, "JP")).unwrap() / base,
                    sim.report().price(t, gi, nation(c, "CN")).unwrap() / base
                )
            })
            .collect();
        println!("{g:8} {}", line.join(" "));
    }
}

#[test]
fn debug_dytb() {
    let mut s = open_scenario();
    s.events.push(Event {
        id: "ban".into(),
        headline: "x".into(),
        trigger: Trigger::AtTurn(3),
        repeat: false,
        effects: vec![Effect::ExportRegime {
            nation: "CN".into(),
            goods: Goods::All,
            to: Nations::All,
            regime: Regime::Ban,
        }],
    });
    let sim = run(&s, 1, 30);
    let c = sim.catalog();
    let g = good(c, std::env::var("G").as_deref().unwrap_or("magnet"));
    for r in sim
        .report()
        .goods
        .iter()
        .filter(|r| r.good == g && r.turn >= 2 && r.turn <= 30 && r.nation == 0)
    {
        let p = sim.report().price(r.turn, g, r.nation).unwrap() / c.goods[g].base_price;
        println!(
            "t{} {:4} open {:8.2} prod {:7.2} used {:7.2} cons {:7.2} imp {:7.2} exp {:7.2} close {:8.2} cover {:5.2} p {:.2}",
            r.turn,
            c.nations[r.nation].id,
            r.opening,
            r.produced,
            r.used,
            r.consumed,
            r.imported,
            r.exported,
            r.closing,
            r.cover_months,
            p
        );
    }
}

#[test]
fn debug_use() {
    let s = open_scenario();
    let sim = run(&s, 1, 2);
    let c = sim.catalog();
    let m = sim.world().resource::<chokepoint::sim::market::Market>();
    for (g, def) in c.goods.iter().enumerate() {
        println!(
            "{:10} {:?}",
            def.id,
            m.expected_use[g]
                .iter()
                .map(|x| format!("{x:.1}"))
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn debug_sectors() {
    let s = default_scenario();
    let mut sim = run(&s, 7, 60);
    let c = sim.catalog().clone();
    let w = sim.world_mut();
    let mut q = w.query::<(
        &chokepoint::sim::nation::Nation,
        &chokepoint::sim::nation::Sectors,
    )>();
    for (n, sec) in q.iter(w) {
        let line: Vec<String> = sec
            .0
            .iter()
            .map(|x| {
                format!(
                    "{} {:.2}/{:.2}",
                    c.sectors[x.sector].id,
                    x.planned / (x.level / 12.0),
                    x.achieved / (x.level / 12.0)
                )
            })
            .collect();
        println!("SEC {} {}", c.nations[n.idx].id, line.join("  "));
    }
}
