//! Cost of negotiation on the default scenario: opening a summit (valuing the Busan agenda by
//! forward simulation for both parties) and one AI move once values are known.
//!
//! Run with `cargo bench --bench summit`; figures are recorded in BENCHMARKS.md.

use std::hint::black_box;

use chokepoint::negotiation::protocol::Protocol;
use chokepoint::negotiation::tactics::{Negotiator, PackageSpace, concession_exponent};
use chokepoint::scenario::default_scenario;
use chokepoint::scenario::schema::ConcessionStyle;
use chokepoint::sim::Sim;
use chokepoint::sim::rollout::Rollout;
use chokepoint::sim::snapshot::Setup;
use chokepoint::sim::summits::value_agenda;
use criterion::{Criterion, criterion_group, criterion_main};

fn summit(c: &mut Criterion) {
    let mut s = default_scenario().expect("default scenario");
    s.summits.clear();
    let mut sim = Sim::new(&s, 7).expect("compiles");
    sim.step();
    let base = sim.snapshot();
    let catalog = sim.catalog().clone();
    let setup = sim.world().resource::<Setup>().clone();
    let (us, cn) = (
        catalog.nation_index("US").unwrap(),
        catalog.nation_index("CN").unwrap(),
    );
    let agenda: Vec<usize> = (0..catalog.issues.len()).collect();
    let mut rollout = Rollout::new(&setup);

    let mut group = c.benchmark_group("summit");
    group.sample_size(10);
    group.bench_function("open_busan_valuation", |b| {
        b.iter(|| {
            black_box(value_agenda(
                &mut rollout,
                &catalog,
                &base,
                &[us, cn],
                &agenda,
            ))
        })
    });
    group.finish();

    let valuation = value_agenda(&mut rollout, &catalog, &base, &[us, cn], &agenda);
    let space = PackageSpace::new(
        agenda
            .iter()
            .map(|&i| catalog.issues[i].options.len())
            .collect(),
    );
    let values = valuation.values(&space);
    let weights = valuation.issue_weights();
    let mut proto = Protocol::new(space.options.clone(), 2, 6, 0);
    let first = Negotiator {
        me: 0,
        space: &space,
        values: &values,
        reservation: &valuation.reservation,
        exponent: concession_exponent(ConcessionStyle::Boulware, 0.3),
        issue_weight: &weights[0],
    };
    let (m, _) = first.decide(&proto);
    proto.apply(0, &m).unwrap();
    let second = Negotiator {
        me: 1,
        space: &space,
        values: &values,
        reservation: &valuation.reservation,
        exponent: concession_exponent(ConcessionStyle::Boulware, 0.9),
        issue_weight: &weights[1],
    };
    c.bench_function("summit/ai_move", |b| {
        b.iter(|| black_box(second.decide(&proto)))
    });
}

criterion_group!(benches, summit);
criterion_main!(benches);
