//! What a game leaves for people to read and keep: the files of a run (`summary.json`, the
//! per-turn CSV files, the printed summary: [`files`]), the debrief report page ([`page`]),
//! the files of a batch ([`batch`]), and the HTML they share ([`html`]: escaping, the page
//! frame, inline-SVG charts). Used by the command line and by the desktop game's debrief;
//! reads the sim, never changes it.

pub mod batch;
pub mod files;
pub mod html;
pub mod page;
