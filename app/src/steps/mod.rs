//! What the candidate walks through, one file per screen or part of one:
//! the questions (`about`), the live verdicts and error summary (`verdicts`),
//! the materials checklist (`materials`) with its fill-in sheets (`sheet`),
//! the site's registration steps (`register`), the summary (`summary`) and
//! the levels overview (`levels`). Each shows what the core answers; none
//! decides a rule.

pub mod about;
pub mod check_answers;
pub mod levels;
pub mod materials;
pub mod register;
pub mod sheet;
mod sheet_image;
pub mod summary;
pub mod verdicts;
