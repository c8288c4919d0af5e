//! The rule model: one definition shared by the build step (`build/rules.rs`
//! includes this file with `#[path]`) and the runtime (`crate::rules`).
//!
//! Architecture invariant: this file depends on `serde` only (no `crate::`
//! paths), because the build script compiles it as its own module. The build
//! step writes the catalog out as a Rust `static` (build/rust_literal.rs), so
//! strings are [`Text`] and lists [`List`] (borrowed from the binary, owned
//! when read from TOML), every field is serialised (no `skip_serializing_if`,
//! no `flatten`) and enums are renamed only with `rename_all`.
//!
//! Names that the profile also knows (school types, technician classes,
//! title ranks) are kept as the Chinese strings the profile JSON uses
//! (`"技工学校"`, `"预备技师班"`, `"中级"`); the build step rejects any other.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The school types a condition's education option may name, as the guides
/// and the profile JSON write them. `profile::SchoolType` follows
/// this order (a test checks it); the build step rejects any other name.
pub const SCHOOL_TYPE_NAMES: [&str; 6] = [
    "技工学校",
    "中等职业学校",
    "高等职业学校",
    "本科",
    "高级技工学校",
    "技师学院",
];

/// A string of the rule tables: borrowed from the binary's baked catalog.
pub type Text = Cow<'static, str>;
/// A list of the rule tables: borrowed from the binary's baked catalog.
pub type List<T> = Cow<'static, [T]>;

/// Every plan, as baked into the binary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    pub plans: List<Plan>,
    /// Informal job titles and the list names to write on the form instead.
    pub informal: List<InformalTitle>,
    /// The national template for the levels no guide offers (rules/ladder.toml).
    pub ladder: Ladder,
}

/// The 2023 规程's generic conditions, level by level: what the path up the
/// levels shows where no guide of this organiser offers a level. Never a
/// guide's rule and never used for a level a guide offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ladder {
    /// The national text the routes come from.
    pub source_zh: Text,
    pub source_en: Text,
    /// Said wherever a template level is shown.
    pub label_zh: Text,
    pub label_en: Text,
    /// Levels 5 (五级) to 1 (一级), each once.
    pub levels: List<LadderLevel>,
}

/// One level of the template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LadderLevel {
    pub level: u8,
    /// The 规程's routes (its numbered items) that the profile can decide.
    pub routes: List<Route>,
    /// Items of the 规程 not encoded, with why (shown with the level).
    pub not_encoded: List<Text>,
}

/// One numbered item of the 规程 for a level, as requirements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Route {
    /// The 规程 item it encodes: `三级（2）`.
    pub item: Text,
    pub text_zh: Text,
    pub text_en: Text,
    /// All must hold, as in a guide's condition.
    pub requires: List<Requirement>,
}

/// One 认定计划 (occupation + level + organiser guide).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Stable id, e.g. `ecommerce-4-beijing`.
    pub id: Text,
    /// The occupation as the guide names it, without the 工种: `电子商务师`.
    pub occupation: Text,
    /// The 工种 in parentheses on the form, e.g. `网商`, `直播销售员`.
    pub work_type: Option<Text>,
    /// 1 (一级/高级技师) … 5 (五级/初级工).
    pub level: u8,
    /// The level as the guide words it: `四级`, `一级/高级技师`.
    pub level_name: Text,
    pub title_zh: Text,
    pub title_en: Text,
    /// `北京`, `河北`, or `None` when the guide names no region.
    pub region: Option<Text>,
    pub source: Source,
    /// Which national text the conditions follow (from RULES-FACTS).
    pub standard_zh: Text,
    pub standard_en: Text,
    /// 本职业: names that count as the plan's own occupation.
    pub own: OccupationList,
    /// 相关职业, when the guide gives a list.
    pub related: Option<OccupationList>,
    /// Occupations that must not count although a reader might think so.
    pub excluded: List<Exclusion>,
    /// Major lists referenced by the conditions' education options.
    pub majors: List<NameList>,
    /// In the guide's order; ids "1", "2", ….
    pub conditions: List<Condition>,
    /// The guide's 说明 notes, verbatim.
    pub notes: List<Note>,
    /// Where the guide is unclear or contradicts itself: shown to the candidate.
    pub ambiguities: List<Ambiguity>,
    /// The registration steps on the site, with this guide's differences.
    pub steps: List<Step>,
    /// Beijing: paper forms mailed after payment.
    pub mailing: Option<Mailing>,
    /// The paper forms whose boxes the guide shows or gives rules for: the
    /// fill-in sheet (`engine::sheet`) is built from these.
    pub forms: List<Form>,
}

/// What the first screen shows of every plan: the chooser, the title, the
/// source and the conditions' wording. Baked apart from the [`Catalog`]
/// (`rules::briefs`) so that the widget's first-load module links these few
/// kilobytes and not the whole catalog (BENCHMARKS.md). Derived from the
/// catalog by the build step, never written by hand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Briefs {
    pub plans: List<PlanBrief>,
}

/// A [`Plan`]'s first-screen fields, copied from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanBrief {
    pub id: Text,
    pub title_zh: Text,
    pub title_en: Text,
    pub source: Source,
    pub standard_zh: Text,
    pub standard_en: Text,
    pub conditions: List<ConditionBrief>,
}

/// A [`Condition`]'s id and wording, copied from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConditionBrief {
    pub id: Text,
    pub text: Text,
    pub text_en: Text,
}

impl Plan {
    /// This plan's first-screen fields.
    pub fn brief(&self) -> PlanBrief {
        PlanBrief {
            id: self.id.clone(),
            title_zh: self.title_zh.clone(),
            title_en: self.title_en.clone(),
            source: self.source.clone(),
            standard_zh: self.standard_zh.clone(),
            standard_en: self.standard_en.clone(),
            conditions: self
                .conditions
                .iter()
                .map(|c| ConditionBrief {
                    id: c.id.clone(),
                    text: c.text.clone(),
                    text_en: c.text_en.clone(),
                })
                .collect(),
        }
    }
}

/// Where a plan comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// File name under rules/guides/ (a copy of the organiser's guide text).
    pub file: Text,
    /// The guide's title; when the text lost it, a description in brackets.
    pub title: Text,
    /// True when the extracted text has no title (guide 000).
    pub title_missing: bool,
    pub organiser: Text,
}

/// A list of occupation names (本职业 or 相关职业).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OccupationList {
    pub id: Text,
    /// Shown as "checked against …": e.g. `互联网营销师的相关职业（指南002）`.
    pub name_zh: Text,
    pub name_en: Text,
    /// Where in the guide: e.g. `一、报考条件 ②相关职业`.
    pub section: Text,
    /// Verbatim items of the guide's list.
    pub items: List<Text>,
    /// Items expanded by us from a compound item (e.g. `轨道、道路…货物运输人员`).
    pub expanded: List<Text>,
    /// The guide's list ends with 等: names not listed may still be accepted.
    pub open_ended: bool,
}

/// A list of major names (本专业或相关专业) for some school types.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NameList {
    pub id: Text,
    pub name_zh: Text,
    pub name_en: Text,
    pub section: Text,
    pub items: List<Text>,
    pub open_ended: bool,
}

/// An occupation that does not count for this plan, with the guide's sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exclusion {
    pub occupation: Text,
    pub quote: Text,
    pub note_en: Text,
}

/// One 报考条件.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    /// "1", "2", … in the guide's order.
    pub id: Text,
    /// The guide's wording, verbatim (line breaks of the extraction removed).
    pub text: Text,
    /// Short English gloss.
    pub text_en: Text,
    /// Where in the guide: `一、报考条件（1）`.
    pub section: Text,
    /// All must hold (a conjunction).
    pub requires: List<Requirement>,
    /// The materials of this condition (二、填报资料), in the guide's order.
    pub materials: List<Material>,
}

/// A structured predicate. A condition holds when all its requirements hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Requirement {
    /// Work in the plan's own (or related) occupations for `years` years.
    Work(WorkReq),
    /// Holds a certificate of `level` in an own/related occupation
    /// (optionally held for `held_years` at the as-of date).
    Certificate(CertReq),
    /// Holds a 职称 of this rank that 符合专业对应关系.
    Title(TitleReq),
    /// A school record matching one of the options.
    Education(EduReq),
    /// A training course with its 结业证书.
    Training(TrainingReq),
    /// 年满N周岁, read from the 身份证号's birth date.
    Age(AgeReq),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgeReq {
    pub years: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkReq {
    pub years: u8,
    pub mode: Mode,
    pub scope: Scope,
    /// Count only work after this document's issue date (取得…后累计).
    #[serde(default)]
    pub after: Option<Anchor>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// 累计: periods add up, gaps allowed.
    Cumulative,
    /// 连续: one run without a gap.
    Continuous,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// 本职业 only.
    Own,
    /// 本职业或相关职业.
    OwnOrRelated,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// A certificate of this level in an own/related occupation.
    Certificate { level: u8 },
    /// A title of this rank (`初级`, `中级`) with field_matches.
    Title { rank: Text },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertReq {
    pub level: u8,
    pub scope: Scope,
    #[serde(default)]
    pub held_years: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TitleReq {
    pub rank: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EduReq {
    pub options: List<EduOption>,
}

/// One accepted kind of school record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EduOption {
    /// School types (profile names) that satisfy this option.
    pub schools: List<Text>,
    /// School types the guide's wording may or may not cover: needs_info.
    #[serde(default)]
    pub unclear_schools: List<Text>,
    /// Id of a major list in `Plan::majors`; `None` = any major.
    #[serde(default)]
    pub majors: Option<Text>,
    /// Required class (`预备技师班`, `技师班`); empty = any.
    #[serde(default)]
    pub classes: List<Text>,
    pub status: EduStatus,
    /// The text says 本专业或相关专业 but gives no list: a record that fits
    /// otherwise needs the organiser's confirmation of the major.
    #[serde(default)]
    pub majors_unlisted: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EduStatus {
    /// 毕业证书 required.
    Graduated,
    /// 毕业证书, 含尚未取得毕业证书的在校应届毕业生.
    GraduatedOrFinalYear,
    /// A current student (在读).
    Enrolled,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingReq {
    /// Training occupations that count (the guide's 本职业…培训).
    pub occupations: List<Text>,
    #[serde(default)]
    pub level: Option<u8>,
    /// Minimum 标准学时; `None` when the guide gives no figure.
    #[serde(default)]
    pub min_hours: Option<u32>,
}

/// One item of 填报资料.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Material {
    /// Stable key within the guide (`id_card`, `form`…).
    pub key: Text,
    /// The name shown to the candidate (verbatim unless `guide_name` is set).
    pub name: Text,
    /// The name in the English interface.
    pub name_en: Text,
    /// The guide's own name when we show a corrected one (004 condition 5).
    #[serde(default)]
    pub guide_name: Option<Text>,
    /// How it is uploaded; empty = paper only.
    #[serde(default)]
    pub uploads: List<Upload>,
    #[serde(default)]
    pub prep: List<Prep>,
    /// How to prepare it, in Chinese (quotes the guide where it says so).
    pub how_zh: Text,
    pub how_en: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Upload {
    /// 白底一寸证件照 (JPG 40k–80k).
    Photo,
    IdFront,
    IdBack,
    /// A paper document photographed and uploaded.
    DocumentPhoto,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Prep {
    /// 手写且不可涂改.
    Handwritten,
    /// 参照示例中标红内容手填.
    FollowSample,
    /// 单位公章或人力资源部门印章.
    UnitStamp,
    /// 社保部门盖章.
    SocialSecurityStamp,
    /// 一式两份.
    TwoCopies,
    /// 缴费后邮寄 (Beijing).
    MailedAfterPayment,
    /// 学信网验证码 / 验证报告.
    XuexinCode,
    /// 本人签字并按手印.
    SignAndFingerprint,
}

/// One of the guide's 说明, verbatim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// `说明1`, `填表说明三`…
    pub id: Text,
    pub text: Text,
    pub text_en: Text,
}

/// Something unclear or contradictory in the guide, said to the candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ambiguity {
    pub id: Text,
    /// The condition it concerns, if any.
    #[serde(default)]
    pub condition: Option<Text>,
    pub text_zh: Text,
    pub text_en: Text,
    /// The guide's sentences in question, verbatim.
    #[serde(default)]
    pub quotes: List<Text>,
}

/// A registration step on the site (`rules/steps.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub n: u8,
    pub text_zh: Text,
    pub text_en: Text,
    /// What the widget adds under this step for the candidate, if anything.
    #[serde(default)]
    pub shows: Option<StepPart>,
    /// `shows = "site"`: the registration site's address.
    #[serde(default)]
    pub site: Option<Text>,
    /// `shows = "identity"`: what every candidate picks (职工身份).
    #[serde(default)]
    pub choose: Option<Text>,
    /// `shows = "statuses"`: what each status after submission means.
    #[serde(default)]
    pub statuses: List<SiteStatus>,
    /// This guide's difference, if any.
    #[serde(default)]
    pub note_zh: Option<Text>,
    #[serde(default)]
    pub note_en: Option<Text>,
    /// The condition the note concerns: shown only to a candidate who chose
    /// it (or, before a choice, meets it).
    #[serde(default)]
    pub note_condition: Option<Text>,
}

/// The candidate's own part of a registration step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepPart {
    /// The site's address (and that we never open or fill it in).
    Site,
    /// The plan to pick in the site's list.
    Plan,
    /// The identity to choose (`choose`).
    Identity,
    /// The ID photos and paper materials to upload.
    Uploads,
    /// The condition to tick.
    Condition,
    /// The statuses after submission (`statuses`).
    Statuses,
    /// Payment; a plan's mailing step comes right after it.
    Payment,
}

/// A status under 报名信息 after submission, in the guides' words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteStatus {
    /// As the site shows it: 审核中.
    pub name: Text,
    /// For tests and styling: `under_review`.
    pub key: Text,
    pub text_zh: Text,
    pub text_en: Text,
}

/// Beijing: what to mail, where, and by when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mailing {
    pub address: Text,
    pub contact: Text,
    pub phone: Text,
    pub items: List<Text>,
    /// The guide's sentence with the deadline rule, verbatim.
    pub rule: Text,
    pub rule_en: Text,
}

/// An informal job title and the list names it may correspond to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InformalTitle {
    pub term: Text,
    /// Candidate list names, most likely first.
    pub suggest: List<Text>,
}

/// A paper form the candidate fills by hand (申报表, a 承诺书), box by box in
/// the form's order, as far as the guide shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Form {
    /// The material this form is (its key in the guide's materials): `form`.
    pub material: Text,
    /// The form's name as the guide writes it: `职业技能等级认定申报表`.
    pub name: Text,
    /// Where the guide shows the form or speaks of its boxes.
    pub section: Text,
    /// The guide shows the whole form (004's samples). When false it names
    /// only some boxes, and the sheet says that the rest follow the paper form.
    pub complete: bool,
    /// The guide's rules for the whole form (verbatim): handwritten, no
    /// corrections, what makes it invalid…
    pub rules: List<Text>,
    /// The guide's sentence that boxes unrelated to the chosen condition stay
    /// empty (verbatim), if it says so; without it such boxes are "as you have it".
    pub unrelated_blank: Option<Text>,
    pub boxes: List<FormBox>,
}

/// One box of a [`Form`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormBox {
    /// As on the form (verbatim in the guide): `现有职业资格证书名称等级`.
    pub label: Text,
    pub fill: Fill,
    /// The conditions this box is for; empty = every condition.
    pub conditions: List<Text>,
    /// School types this box is for (profile names); empty = any.
    pub schools: List<Text>,
    /// `fill = "text"`: the words to write. `fill = "employer_opinion"`: the
    /// sample's wording with `{部门}`, `{岗位}`, `{年数}` and `{条件}` where the
    /// sample has XX (each piece between them verbatim in the guide).
    pub text: Option<Text>,
    /// `fill = "candidate"` and the like: what to write, for the candidate.
    pub hint_zh: Option<Text>,
    pub hint_en: Option<Text>,
    /// The guide's sentence about this box, verbatim.
    pub rule: Option<Text>,
    /// `work_history` only: `rule` says the form must carry the names on the
    /// plan's lists (001–004 说明), so an informal title is written as its
    /// list name. Without it (000) the sheet writes the post as the
    /// candidate gives it.
    pub list_names: bool,
    /// Where in the guide: `说明3`, `申报表样例`.
    pub source: Text,
}

/// What goes into a [`FormBox`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fill {
    /// 此栏不填 (the guide says so, or the sample leaves it empty).
    Blank,
    /// Filled by the 评价机构.
    Organiser,
    /// Only the candidate knows it (name, 证书编号…): `hint_zh` says what.
    Candidate,
    /// Signed by the candidate (and fingerprinted where the guide says so).
    Signature,
    /// The employer's stamp and date.
    EmployerStamp,
    /// The employer's statement, from `text` with the blanks filled.
    EmployerOpinion,
    /// The 一寸 photo glued on.
    Photo,
    /// `text`, as written.
    Text,
    /// The plan's 申报职业(工种): `电子商务师(网商)`.
    Occupation,
    /// The plan's level: `二级`.
    Level,
    IdNumber,
    Phone,
    /// 性别, read from the 身份证号.
    Gender,
    /// The current employer's full name.
    Employer,
    /// 现从事岗位(年限): the current post and whole years in it.
    CurrentPost,
    /// The certificate the condition asks for: `电子商务师 三级`.
    Certificate,
    /// Its issue date, `XXXX.XX.XX`.
    CertificateDate,
    /// One line per work period: `XXXX.XX-XXXX.XX 单位全称，职业`.
    WorkHistory,
    /// One line per school record: `XXXX.XX 毕业 学校类型，专业`.
    EducationHistory,
    /// One line per training course.
    TrainingHistory,
    /// The chosen condition's text, in full.
    ConditionText,
    /// The signing date, `XXXX年XX月XX日`.
    SigningDate,
}
