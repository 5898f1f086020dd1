//! The first-game guide: an adviser who walks a new player through the screen, the levers and
//! summits, one step at a time. It can be switched off (here, in the settings or on the title
//! screen), and the title screen shows the same steps as "How to play".

use egui::{self, RichText, Ui};

use super::intent::Tab;
use super::theme::palette;

/// One step of the guide.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub title: &'static str,
    pub text: String,
    /// The tab the step is about, which "Show me" opens.
    pub tab: Option<Tab>,
}

/// The guide's steps for a player leading `nation`.
pub fn steps(nation: &str) -> Vec<Step> {
    vec![
        Step {
            title: "Welcome",
            text: format!(
                "You lead {nation}. Each turn is one month. The world runs on rare earths and chips, and a few countries control the chokepoints: the mines, the refineries, the magnet plants and the machines that make chips. Your goal is a strong score: a healthy economy, public approval, money in the treasury and secure supplies."
            ),
            tab: None,
        },
        Step {
            title: "Your dashboard",
            text: "On the left: your stocks of each good. 'Cover' is how many months your stock lasts at the current rate of use (red when under two). 'Reliance' is how much of what you use comes from abroad: high reliance on a rival is a risk. Lost output from shortages shows at the top.".to_string(),
            tab: None,
        },
        Step {
            title: "The map",
            text: "Your nation is gold, partners blue, rivals red, others grey. Arrows are last month's trade in the good picked in the Markets tab: the thicker, the more; orange ones need an export licence, red ones had some denied. The tags under a name are its plants (Mi mines, Re refineries, Mg magnet plants, Ch chip fabs...). Click a country to see its dashboard.".to_string(),
            tab: None,
        },
        Step {
            title: "Policies: your levers",
            text: "Export rules (open, licensing, ban) and tariffs toward one partner at a time, strategic reserves, how much stock firms keep, and plants to fund. Every change waits until you end the turn, and each shows what it costs. Restricting exports gives you leverage but raises tension and costs your exporters sales.".to_string(),
            tab: Some(Tab::Policies),
        },
        Step {
            title: "Licences",
            text: "An export licence takes months to be decided and expires after a while. Here you see the cases your government decides, and your supplies waiting on other governments' licences, with what happened last month. 'Wave through' grants a general licence; 'hedge' builds a reserve against a denial.".to_string(),
            tab: Some(Tab::Licences),
        },
        Step {
            title: "Markets",
            text: "Prices of each good in every region, month by month. When licences or bans split the world market, prices part ways: a spike at home is the first sign of a squeeze.".to_string(),
            tab: Some(Tab::Markets),
        },
        Step {
            title: "Summits",
            text: "When leaders meet, the summit screen opens and the month waits for you. Pick an option on each issue to build a package; your advisers estimate what it is worth to you. Propose it, accept what is on the table, or walk away. The other side explains every move. A deal becomes an agreement with terms both must keep: the Deals tab lists them.".to_string(),
            tab: Some(Tab::Deals),
        },
        Step {
            title: "Ending the turn",
            text: "Press End turn (or Enter) when your orders are set. The News tab says what happened and why the other nations did what they did. Esc opens the menu: save, load, settings, and the end of the game, where the debrief shows how it went and lets you play on from any month.".to_string(),
            tab: Some(Tab::News),
        },
    ]
}

/// What the player asked of the guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuideIntent {
    Go(usize),
    Show(Tab),
    /// Switch the guide off.
    Off,
}

/// Draws step `at` of the guide.
pub fn guide(ui: &mut Ui, steps: &[Step], at: usize) -> Option<GuideIntent> {
    let mut out = None;
    let at = at.min(steps.len().saturating_sub(1));
    let step = steps.get(at)?;
    ui.set_max_width(360.0);
    ui.label(
        RichText::new(format!("ADVISER · {} of {}", at + 1, steps.len()))
            .small()
            .color(palette::DIM),
    );
    ui.label(
        RichText::new(step.title)
            .strong()
            .size(16.0)
            .color(palette::you()),
    );
    ui.label(&step.text);
    ui.horizontal(|ui| {
        if ui.add_enabled(at > 0, egui::Button::new("Back")).clicked() {
            out = Some(GuideIntent::Go(at - 1));
        }
        if at + 1 < steps.len() {
            if ui.button("Next").clicked() {
                out = Some(GuideIntent::Go(at + 1));
            }
        } else if ui.button("Done").clicked() {
            out = Some(GuideIntent::Off);
        }
        if let Some(t) = step.tab
            && ui
                .button("Show me")
                .on_hover_text("Open that tab.")
                .clicked()
        {
            out = Some(GuideIntent::Show(t));
        }
        if ui
            .small_button("turn the guide off")
            .on_hover_text("It can be turned on again in the menu's settings (Esc).")
            .clicked()
        {
            out = Some(GuideIntent::Off);
        }
    });
    out
}

/// The summit step, shown inside the summit screen while the guide is on.
pub fn summit_hint(ui: &mut Ui) {
    let s = steps("");
    if let Some(step) = s.iter().find(|s| s.title == "Summits") {
        ui.label(
            RichText::new(format!("Adviser: {}", step.text))
                .small()
                .color(palette::DIM),
        );
    }
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;

    fn click(at: usize, label: &str) -> Vec<GuideIntent> {
        let s = steps("Japan");
        let mut h = Harness::new_ui_state(
            move |ui, out: &mut Vec<GuideIntent>| out.extend(guide(ui, &s, at)),
            Vec::new(),
        );
        h.run();
        h.get_by_label(label).click();
        h.run();
        h.state().clone()
    }

    #[test]
    fn the_guide_walks_forward_and_back_and_can_be_switched_off() {
        let n = steps("Japan").len();
        assert!(steps("Japan")[0].text.contains("You lead Japan"));
        assert_eq!(click(0, "Next"), vec![GuideIntent::Go(1)]);
        assert_eq!(click(2, "Back"), vec![GuideIntent::Go(1)]);
        assert_eq!(click(3, "Show me"), vec![GuideIntent::Show(Tab::Policies)]);
        assert_eq!(click(0, "turn the guide off"), vec![GuideIntent::Off]);
        assert_eq!(click(n - 1, "Done"), vec![GuideIntent::Off]);
        // Past the end it stays on the last step.
        assert_eq!(click(n + 5, "Done"), vec![GuideIntent::Off]);
    }

    #[test]
    fn every_tab_has_a_step() {
        let s = steps("x");
        for (t, ..) in Tab::ALL {
            assert!(s.iter().any(|s| s.tab == Some(t)), "{t:?}");
        }
    }
}
