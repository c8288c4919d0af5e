//! What the engine answers: a verdict per condition with its figures, the
//! materials, notes, problems to fix and informal-title suggestions. Plain
//! data (serde), shared by `evaluate`, the sheet, the overview and the front ends.
use super::*;

/// A condition's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    NotMet,
    NeedsInfo,
    Met,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::NotMet => "not_met",
            Status::NeedsInfo => "needs_info",
        }
    }

    /// The verdict's word, as the explanation opens with it and a badge shows it.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Status::Met => ("符合", "Met"),
            Status::NotMet => ("不符合", "Not met"),
            Status::NeedsInfo => ("需补充信息", "Needs information"),
        }
    }
}

/// The full result of [`evaluate`]. JSON: `plan`, `as_of`, `eligible`,
/// `ready`, `chosen_condition`, `conditions`, `materials_for`,
/// `materials_note`, `materials`, `notes`, `problems`, `suggestions`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    #[serde(rename = "plan")]
    pub plan_id: String,
    pub as_of: Date,
    /// The chosen condition is met (or, with none chosen, some condition is).
    pub eligible: bool,
    /// `eligible` and no problem on the form, as far as the engine alone can
    /// see; the front ends (and `precheck check`) set it by `is_ready`, which
    /// also reads the fill-in sheet, the unread answers and the ticks.
    pub ready: bool,
    pub chosen_condition: Option<String>,
    pub conditions: Vec<ConditionOutcome>,
    /// The condition whose materials are listed, if any.
    pub materials_for: Option<String>,
    #[serde(rename = "materials_note")]
    pub materials_note_zh: String,
    pub materials_note_en: String,
    pub materials: Vec<MaterialOut>,
    pub notes: Vec<NoteOut>,
    pub problems: Vec<Problem>,
    pub suggestions: Vec<Suggestion>,
}

impl Evaluation {
    /// The ids of the conditions that are met, in the guide's order.
    pub fn met_ids(&self) -> Vec<&str> {
        self.conditions
            .iter()
            .filter(|c| c.status == Status::Met)
            .map(|c| c.id.as_str())
            .collect()
    }
}

/// One condition's verdict, with the figures and the guide's sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConditionOutcome {
    pub id: String,
    pub status: Status,
    #[serde(rename = "explanation")]
    pub explanation_zh: String,
    pub explanation_en: String,
    /// The explanation without its verdict word (`不符合：`), for a front
    /// end that shows its own (the widget's 待填写). Not in the JSON.
    #[serde(skip)]
    pub reason_zh: String,
    #[serde(skip)]
    pub reason_en: String,
    /// The guide's sentence, verbatim.
    pub quote: String,
    /// The guide's name lists the work was checked against (`本职业（指南001 ①）`):
    /// the citation, kept out of the plain explanation.
    #[serde(rename = "checked")]
    pub checked_zh: Vec<String>,
    pub checked_en: Vec<String>,
    /// When not met yet but ongoing work would meet it: the first such date.
    pub earliest: Option<Date>,
    pub figures: Vec<Figure>,
}

/// A figure used in a verdict: what the candidate has against what is needed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    pub label_zh: String,
    pub label_en: String,
    pub have: String,
    pub need: String,
}

/// A material to prepare, with how.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MaterialOut {
    /// The guide's name; also the key the candidate's ticks are kept under.
    pub name: String,
    pub name_en: String,
    #[serde(rename = "how")]
    pub how_zh: String,
    pub how_en: String,
    /// `photo`, `id-front`, `id-back`, `document-photo`; empty = paper only.
    pub uploads: Vec<Upload>,
    pub prep: Vec<Prep>,
    pub paper_only: bool,
}

/// A note shown with the verdict. `kind`: `assumption` (how years are
/// counted), `ambiguity` (the guide is unclear: said, not guessed),
/// `mailing` (Beijing: what to mail where, when materials are listed),
/// `guide` (the guide's 说明, verbatim).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoteOut {
    pub kind: &'static str,
    pub id: String,
    #[serde(rename = "text")]
    pub text_zh: String,
    pub text_en: String,
}

/// Something on the form to fix. `field` is a path into the profile:
/// `id_number`, `phone`, `work[0].start`, `certificates[1].issued`…
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub field: String,
    #[serde(rename = "message")]
    pub message_zh: String,
    pub message_en: String,
}

impl Problem {
    pub fn new(field: impl Into<String>, zh: impl Into<String>, en: impl Into<String>) -> Problem {
        Problem {
            field: field.into(),
            message_zh: zh.into(),
            message_en: en.into(),
        }
    }
}

/// A list name suggested for an informal title. The candidate must confirm
/// it by writing it on the form; the engine never counts the informal title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub informal: String,
    pub suggested: String,
    /// The list the suggestion comes from, e.g. `电子商务师的相关职业（指南001 ②）`.
    pub list: String,
    #[serde(rename = "message")]
    pub message_zh: String,
    pub message_en: String,
}
