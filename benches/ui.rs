//! CPU cost of one frame of the desktop game's screens, without a window or a GPU: building
//! the view data from the sim, laying out every panel with egui and tessellating the shapes
//! into triangles (what is handed to the renderer). A game of the default scenario led by the
//! United States (AI at normal), 12 months in.
//!
//! - `ui_frame/main/<tab>`: the main screen (top bar, dashboard, map with trade arrows and
//!   plants, legend) with that side tab open.
//! - `ui_frame/debrief`: the debrief screen after the game is ended there.
//!
//! Run with `cargo bench --bench ui`; figures are recorded in BENCHMARKS.md, next to the frame
//! times the scripted session measures under Mesa's software renderer.

use std::hint::black_box;

use chokepoint::ai::Difficulty;
use chokepoint::negotiation::protocol::Move;
use chokepoint::scenario::default_scenario;
use chokepoint::ui::desk_screen::main_screen;
use chokepoint::ui::game::Game;
use chokepoint::ui::panels::{Intent, Tab};
use chokepoint::ui::{debrief, view};
use criterion::{Criterion, criterion_group, criterion_main};

fn frame(ctx: &egui::Context, game: &mut Game, over: bool) -> usize {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1600.0, 900.0),
        )),
        ..Default::default()
    };
    let out = ctx.run_ui(input, |ui| {
        let ctx = ui.ctx().clone();
        if over {
            debrief::screen(&ctx, game);
        } else {
            main_screen(&ctx, game, false);
        }
    });
    ctx.tessellate(out.shapes, out.pixels_per_point).len()
}

fn ui(c: &mut Criterion) {
    let s = default_scenario().expect("default scenario");
    let us = s.nations.iter().position(|n| n.id == "US").expect("US");
    let mut game = Game::new(s, &[us], 1, Difficulty::Normal, None).expect("starts");
    while game.sim().turn() < 12 {
        while let Some(v) = view::summits(game.sim(), us).into_iter().next() {
            let action = if v.table.is_some() {
                Move::Accept
            } else {
                Move::WalkAway
            };
            game.apply(Intent::Summit {
                summit: v.index,
                action,
            });
        }
        game.apply(Intent::EndTurn);
    }
    let ctx = egui::Context::default();
    chokepoint::ui::panels::style(&ctx);
    let mut group = c.benchmark_group("ui_frame");
    group.sample_size(30);
    for (tab, name) in [
        (Tab::News, "news"),
        (Tab::Policies, "policies"),
        (Tab::Licences, "licences"),
        (Tab::Markets, "markets"),
        (Tab::Deals, "deals"),
    ] {
        game.apply(Intent::Tab(tab));
        // Two passes first: egui discards the first layout of new grids.
        frame(&ctx, &mut game, false);
        frame(&ctx, &mut game, false);
        group.bench_function(format!("main/{name}"), |b| {
            b.iter(|| black_box(frame(&ctx, &mut game, false)))
        });
    }
    game.apply(Intent::Finish);
    frame(&ctx, &mut game, true);
    group.bench_function("debrief", |b| {
        b.iter(|| black_box(frame(&ctx, &mut game, true)))
    });
    group.finish();
}

criterion_group!(benches, ui);
criterion_main!(benches);
