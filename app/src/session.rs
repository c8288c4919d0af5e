//! The candidate's session: the plan, the answers and what the core makes of
//! them, provided once as context by `App` (leptos's way: write access handed
//! down once, not threaded through every prop). Every step reads what it needs
//! from here; only `App` creates it, and only storage.rs's `Effect` saves it.

use crate::answers::{Answers, FieldError};
use leptos::prelude::*;
use precheck_core::engine::sheet::Sheet;
use precheck_core::engine::Evaluation;
use precheck_core::profile::Profile;
use precheck_core::rules::Plan;

#[derive(Clone, Copy)]
pub struct Session {
    /// The plan in effect (the host's, else the candidate's choice).
    pub plan: Memo<&'static Plan>,
    /// Everything typed or ticked, as typed.
    pub answers: RwSignal<Answers>,
    /// The answers as the core's profile (today filled in), with what could not be read.
    pub translated: Memo<(Profile, Vec<FieldError>)>,
    /// The plan judged on the profile.
    pub evaluation: Memo<Evaluation>,
    /// The fill-in sheet of the condition the candidate will tick.
    pub sheet: Memo<Option<Sheet>>,
}
