//! "About you": one topic a screen (work, certificates, titles, education,
//! training, identity), each answer updating the verdicts live. Only the
//! topics the chosen plan's conditions ask about are offered.

use crate::answers::{
    Answers, CertificateAnswer, EducationAnswer, FieldError, TitleAnswer, TrainingAnswer,
    WorkAnswer,
};
use crate::i18n::{tr, Lang};
use leptos::prelude::*;
use precheck_core::engine::Evaluation;
use precheck_core::profile::{SchoolType, TechnicianClass, TitleRank};
use precheck_core::rules::{Condition, Plan, Requirement};
use std::sync::Arc;

/// A topic of the "about you" step: the core's (`profile::Topic`, whose
/// unanswered ones the engine judges as unknown, never as "none"), with what
/// the widget shows of it.
pub use precheck_core::profile::Topic;

pub trait TopicView {
    fn label(self, lang: Lang) -> &'static str;
    /// Whether the candidate has answered this topic: it has entries, or
    /// they have been through it (then an empty topic means "none").
    fn answered(self, answers: &Answers) -> bool;
}

impl TopicView for Topic {
    fn label(self, lang: Lang) -> &'static str {
        tr(lang, self.name_zh(), self.name_en())
    }

    fn answered(self, answers: &Answers) -> bool {
        let has_entries = match self {
            Topic::Work => !answers.work.is_empty(),
            Topic::Certificates => !answers.certificates.is_empty(),
            Topic::Titles => !answers.titles.is_empty(),
            Topic::Education => !answers.education.is_empty(),
            Topic::Training => !answers.training.is_empty(),
            Topic::Identity => true,
        };
        has_entries || answers.visited_topics.contains(self.slug())
    }
}

/// The topics these requirements read, in a natural order (work first).
fn topics_of<'a>(requirements: impl Iterator<Item = &'a Requirement>) -> Vec<Topic> {
    let all: Vec<Requirement> = requirements.cloned().collect();
    precheck_core::engine::requirement_topics(&all)
}

/// The topics one condition asks about.
pub fn condition_topics(condition: &Condition) -> Vec<Topic> {
    topics_of(condition.requires.iter())
}

/// The topics this plan's conditions ask about, in a natural order.
pub fn topics_for(plan: &Plan) -> Vec<Topic> {
    let mut topics = topics_of(plan.conditions.iter().flat_map(|c| c.requires.iter()));
    topics.push(Topic::Identity);
    topics
}

/// The topics any plan or any level of the national template asks about:
/// the about-you questions before the overview (「不知道报哪个？」).
pub fn topics_for_all() -> Vec<Topic> {
    let catalog = precheck_core::rules::catalog();
    let plans = catalog
        .plans()
        .iter()
        .flat_map(|p| p.conditions.iter().flat_map(|c| c.requires.iter()));
    let template = catalog
        .ladder
        .levels
        .iter()
        .flat_map(|l| l.routes.iter().flat_map(|r| r.requires.iter()));
    let mut topics = topics_of(plans.chain(template));
    topics.push(Topic::Identity);
    topics
}

/// Everything a field needs to show its error: answers' parse errors and
/// the engine's problems, both keyed by element id.
#[derive(Clone, Copy)]
pub struct Errors(pub Memo<Vec<FieldError>>);

/// The errors shown while answering: an answer that cannot be read, and
/// the identity answers, at once; an entry's other problems (what is
/// missing) once the candidate has left that topic (GOV.UK: no red before
/// anything is typed). The summary shows them all.
#[derive(Clone, Copy)]
pub struct Revealed(pub Memo<Vec<FieldError>>);

/// The topic a field's id belongs to: `work-0-start` → work; the rest
/// (ID number, phone, signing date) → identity.
pub fn field_topic(field: &str) -> Topic {
    let head = field.split('-').next().unwrap_or("");
    Topic::ALL
        .into_iter()
        .find(|t| t.slug() == head)
        .unwrap_or(Topic::Identity)
}

impl Errors {
    fn for_field(
        self,
        lang: RwSignal<Lang>,
        id: String,
    ) -> impl Fn() -> Option<String> + Send + Sync + 'static {
        move || {
            self.0.with(|errs| {
                let found: Vec<String> = errs
                    .iter()
                    .filter(|e| e.field == id)
                    .map(|e| tr(lang.get(), &e.zh, &e.en).to_owned())
                    .collect();
                (!found.is_empty()).then(|| found.join(" "))
            })
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Text,
    /// Text with the suggestions of the `<datalist>` of this id.
    Listed(&'static str),
    Date,
    Number,
}

/// A labelled input bound to one string of the answers.
#[allow(clippy::too_many_arguments)]
fn field(
    lang: RwSignal<Lang>,
    errors: Errors,
    id: String,
    label: (&'static str, &'static str),
    hint: Option<(&'static str, &'static str)>,
    kind: Kind,
    value: impl Fn() -> String + Send + Sync + 'static,
    set: impl Fn(String) + Send + Sync + 'static,
) -> AnyView {
    field_erased(
        lang,
        errors,
        id,
        label,
        hint,
        kind,
        Arc::new(value),
        Arc::new(set),
    )
}

/// The body of [`field`], compiled once: the wasm bundle would otherwise hold
/// one copy of this view per call site.
#[allow(clippy::too_many_arguments)]
fn field_erased(
    lang: RwSignal<Lang>,
    errors: Errors,
    id: String,
    label: (&'static str, &'static str),
    hint: Option<(&'static str, &'static str)>,
    kind: Kind,
    value: Arc<dyn Fn() -> String + Send + Sync>,
    set: Arc<dyn Fn(String) + Send + Sync>,
) -> AnyView {
    let error = errors.for_field(lang, id.clone());
    let error = Arc::new(error);
    let (e1, e2, e3) = (error.clone(), error.clone(), error);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = format!("{hint_id} {error_id}");
    let set2 = set.clone();
    view! {
        <div class="pc-field" class:invalid=move || e1().is_some()>
            <label for=id.clone()>{move || tr(lang.get(), label.0, label.1)}</label>
            {hint.map(|h| view! { <span class="pc-hint" id=hint_id.clone()>{move || tr(lang.get(), h.0, h.1)}</span> })}
            <input
                id=id.clone()
                type=match kind { Kind::Date => "date", _ => "text" }
                inputmode=match kind { Kind::Number => "numeric", _ => "text" }
                list=match kind { Kind::Listed(list) => Some(list), _ => None }
                autocomplete="off"
                aria-describedby=described
                aria-invalid=move || e2().is_some().to_string()
                prop:value=move || value()
                on:input=move |ev| set(event_target_value(&ev))
                on:change=move |ev| set2(event_target_value(&ev))
            />
            <span class="pc-error" id=error_id>{move || e3()}</span>
        </div>
    }
    .into_any()
}

/// A yes/no question, with the plain words that help answer it (an
/// example of yes and of no).
fn yes_no(
    lang: RwSignal<Lang>,
    name: String,
    legend: (&'static str, &'static str),
    help: (&'static str, &'static str),
    value: impl Fn() -> Option<bool> + Send + Sync + Copy + 'static,
    set: impl Fn(bool) + Send + Sync + Copy + 'static,
) -> impl IntoView {
    view! {
        <fieldset>
            <legend class="pc-legend">{move || tr(lang.get(), legend.0, legend.1)}</legend>
            <p class="pc-hint">{move || tr(lang.get(), help.0, help.1)}</p>
            <div class="pc-choices">
                <label class="pc-choice">
                    <input type="radio" name=name.clone() value="yes" prop:checked=move || value() == Some(true) on:change=move |_| set(true) />
                    {move || tr(lang.get(), "是", "Yes")}
                </label>
                <label class="pc-choice">
                    <input type="radio" name=name.clone() value="no" prop:checked=move || value() == Some(false) on:change=move |_| set(false) />
                    {move || tr(lang.get(), "否", "No")}
                </label>
            </div>
        </fieldset>
    }
}

fn select(
    lang: RwSignal<Lang>,
    id: String,
    label: (&'static str, &'static str),
    options: Vec<(String, String)>,
    value: impl Fn() -> String + Send + Sync + Copy + 'static,
    set: impl Fn(String) + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <div class="pc-field">
            <label for=id.clone()>{move || tr(lang.get(), label.0, label.1)}</label>
            <select id=id.clone() on:change=move |ev| set(event_target_value(&ev))>
                <option value="" selected=move || value().is_empty()>{move || tr(lang.get(), "请选择", "Choose")}</option>
                {options.into_iter().map(|(v, text)| {
                    let v2 = v.clone();
                    view! { <option value=v selected=move || value() == v2>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// Levels 5 up to 1, from the core's one table (`engine::LEVELS`).
fn level_options() -> Vec<(String, String)> {
    precheck_core::engine::LEVELS
        .iter()
        .rev()
        .map(|l| (l.level.to_string(), l.full.replace('/', " / ")))
        .collect()
}

/// The editor of one topic.
#[component]
pub fn TopicEditor(
    topic: Topic,
    answers: RwSignal<Answers>,
    plan: Memo<&'static Plan>,
    evaluation: Memo<Evaluation>,
) -> impl IntoView {
    match topic {
        Topic::Work => {
            view! { <WorkEditor answers=answers plan=plan evaluation=evaluation /> }.into_any()
        }
        Topic::Certificates => view! { <CertificateEditor answers=answers plan=plan /> }.into_any(),
        Topic::Titles => view! { <TitleEditor answers=answers /> }.into_any(),
        Topic::Education => view! { <EducationEditor answers=answers /> }.into_any(),
        Topic::Training => view! { <TrainingEditor answers=answers /> }.into_any(),
        Topic::Identity => view! { <IdentityEditor answers=answers /> }.into_any(),
    }
}

/// One topic's list in the answers (work periods, certificates, …), read and
/// edited by index. Copy, so every input's closures can hold it.
struct Entries<T: 'static> {
    answers: RwSignal<Answers>,
    list: fn(&Answers) -> &Vec<T>,
    list_mut: fn(&mut Answers) -> &mut Vec<T>,
}

impl<T> Clone for Entries<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Entries<T> {}

impl<T: Default + Send + Sync + 'static> Entries<T> {
    fn len(self) -> usize {
        self.answers.with(|a| (self.list)(a).len())
    }

    fn at(self, index: usize) -> Entry<T> {
        Entry {
            entries: self,
            index,
        }
    }
}

/// Entry `index` of a list. An entry removed meanwhile reads as blank and
/// ignores edits (a stale input may fire once after its entry is gone).
struct Entry<T: 'static> {
    entries: Entries<T>,
    index: usize,
}

impl<T> Clone for Entry<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Entry<T> {}

impl<T: Default + Send + Sync + 'static> Entry<T> {
    fn read<R: Default>(self, f: impl FnOnce(&T) -> R) -> R {
        let Entries { answers, list, .. } = self.entries;
        answers.with(|a| list(a).get(self.index).map(f).unwrap_or_default())
    }

    fn edit(self, f: impl FnOnce(&mut T)) {
        let Entries {
            answers, list_mut, ..
        } = self.entries;
        answers.update(|a| {
            if let Some(entry) = list_mut(a).get_mut(self.index) {
                f(entry)
            }
        })
    }

    /// A text answer of the entry, as a field's value.
    fn text(self, field: fn(&T) -> &String) -> impl Fn() -> String + Send + Sync + Copy + 'static {
        move || self.read(|entry| field(entry).clone())
    }

    /// Writing a text answer of the entry, as a field's setter.
    fn set_text(
        self,
        field: fn(&mut T) -> &mut String,
    ) -> impl Fn(String) + Send + Sync + Copy + 'static {
        move |value| self.edit(|entry| *field(entry) = value)
    }

    fn remove(self) {
        let Entries {
            answers, list_mut, ..
        } = self.entries;
        answers.update(|a| {
            let list = list_mut(a);
            if self.index < list.len() {
                list.remove(self.index);
            }
        })
    }
}

/// What tells one list's entries apart on screen.
struct EntryLabels {
    /// Prefix of the entry's element ids and `data-entry` (`work` → `work-0-start`).
    prefix: &'static str,
    /// Heading of each entry, numbered from 1.
    heading: (&'static str, &'static str),
    add: (&'static str, &'static str),
}

/// The numbered entries of a list, each with its remove button, and the add
/// button: the frame every topic editor shares; `body` draws one entry's fields.
fn entry_list<T: Default + Send + Sync + 'static>(
    lang: RwSignal<Lang>,
    entries: Entries<T>,
    labels: EntryLabels,
    body: impl Fn(Entry<T>) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    let count = Memo::new(move |_| entries.len());
    let EntryLabels {
        prefix,
        heading,
        add,
    } = labels;
    view! {
        {move || (0..count.get()).map(|i| {
            let entry = entries.at(i);
            view! {
                <div class="pc-entry" data-entry=format!("{prefix}-{i}")>
                    <h3>{move || format!("{} {}", tr(lang.get(), heading.0, heading.1), i + 1)}</h3>
                    {body(entry)}
                    <button type="button" class="pc-button secondary pc-remove" on:click=move |_| entry.remove()>
                        {move || tr(lang.get(), "删除这一条", "Remove this entry")}
                    </button>
                </div>
            }
        }).collect_view()}
        <button type="button" class="pc-button secondary pc-add"
            on:click=move |_| entries.answers.update(|a| (entries.list_mut)(a).push(T::default()))>
            {move || tr(lang.get(), add.0, add.1)}
        </button>
    }
}

/// A tick box bound to one yes/no answer that is never left unset.
fn tick(
    lang: RwSignal<Lang>,
    id: String,
    label: (&'static str, &'static str),
    value: impl Fn() -> bool + Send + Sync + 'static,
    set: impl Fn(bool) + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <label class="pc-choice pc-inline">
            <input type="checkbox" id=id prop:checked=value on:change=move |ev| set(event_target_checked(&ev)) />
            {move || tr(lang.get(), label.0, label.1)}
        </label>
    }
}

#[component]
fn WorkEditor(
    answers: RwSignal<Answers>,
    plan: Memo<&'static Plan>,
    evaluation: Memo<Evaluation>,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let errors = expect_context::<Errors>();
    view! {
        <p class="pc-hint">{move || tr(lang.get(),
            "逐条填写每段工作经历（与申报表一致）：单位全称、从事的职业、起止日期。仍在职的勾选“至今”。",
            "Enter each period of work as on the form: the employer's full name, the occupation, start and end. Tick “still working” if ongoing.")}</p>
        <OccupationList id=OCCUPATION_LIST plan=plan />
        {entry_list(lang, Entries { answers, list: |a| &a.work, list_mut: |a| &mut a.work },
            EntryLabels { prefix: "work", heading: ("工作经历", "Work period"), add: ("＋ 添加一段工作经历", "+ Add a period of work") }, move |w: Entry<WorkAnswer>| {
            let i = w.index;
            let suggestion = move || {
                let typed = w.read(|w| w.occupation.trim().to_owned());
                evaluation.with(|e| e.suggestions.iter().find(|s| !typed.is_empty() && s.informal == typed).cloned())
            };
            view! {
                {field(lang, errors, format!("work-{i}-employer"), ("工作单位全称", "Employer's full name"), None, Kind::Text, w.text(|w| &w.employer), w.set_text(|w| &mut w.employer))}
                {field(lang, errors, format!("work-{i}-occupation"), ("从事的职业（按名单名称填写）", "Occupation (as named in the lists)"),
                    Some(("例如 电子商务师、营销员；写岗位俗称（如 电商运营）时会提示应填写的名称。", "E.g. 电子商务师, 营销员; an informal job title gets a suggestion of the listed name.")),
                    Kind::Listed(OCCUPATION_LIST), w.text(|w| &w.occupation), w.set_text(|w| &mut w.occupation))}
                {move || suggestion().map(|s| {
                    let name = s.suggested.clone();
                    view! {
                        <p class="pc-suggestion" role="status">
                            {tr(lang.get(), &s.message_zh, &s.message_en).to_owned()}
                            " "
                            <button type="button" class="pc-button secondary" on:click=move |_| {
                                let name = name.clone();
                                w.edit(|w| w.occupation = name);
                            }>
                                {format!("{}「{}」", tr(lang.get(), "改为", "Use"), s.suggested)}
                            </button>
                        </p>
                    }
                })}
                {field(lang, errors, format!("work-{i}-start"), ("开始日期", "Start date"), None, Kind::Date, w.text(|w| &w.start), w.set_text(|w| &mut w.start))}
                {tick(lang, format!("work-{i}-ongoing"), ("至今仍在此工作", "Still working here"), move || w.read(|w| w.ongoing), move |on| w.edit(|w| w.ongoing = on))}
                <Show when=move || !w.read(|w| w.ongoing)>
                    {field(lang, errors, format!("work-{i}-end"), ("结束日期", "End date"), None, Kind::Date, w.text(|w| &w.end), w.set_text(|w| &mut w.end))}
                </Show>
                {tick(lang, format!("work-{i}-part_time"), ("这是兼职（不是主要工作）", "This is a part-time job (not my main one)"), move || w.read(|w| w.part_time), move |on| w.edit(|w| w.part_time = on))}
                {field(lang, errors, format!("work-{i}-department"), ("所在部门或车间（可选）", "Department or workshop (optional)"),
                    Some(("单位意见写“在我单位XXXXX部门(车间)从事……”：例如 电商运营部。", "The employer's statement names it: “in our … department (workshop)”; e.g. 电商运营部.")),
                    Kind::Text, w.text(|w| &w.department), w.set_text(|w| &mut w.department))}
                <details class="pc-more">
                    <summary>{move || tr(lang.get(), "单位成立 / 注销日期（可选，用于核对）", "Employer founded / dissolved (optional check)")}</summary>
                    {field(lang, errors, format!("work-{i}-employer_founded"), ("单位成立日期", "Employer founded"), Some(("工作经历起始时间需与工作单位成立与注销时间无冲突", "Your dates must not conflict with the employer's")), Kind::Date, w.text(|w| &w.employer_founded), w.set_text(|w| &mut w.employer_founded))}
                    {field(lang, errors, format!("work-{i}-employer_dissolved"), ("单位注销日期（未注销不填）", "Employer dissolved (blank if not)"), None, Kind::Date, w.text(|w| &w.employer_dissolved), w.set_text(|w| &mut w.employer_dissolved))}
                </details>
            }
            .into_any()
        })}
    }
}

/// The id of the occupations suggestion list; one per topic screen.
const OCCUPATION_LIST: &str = "pc-occupations";

/// The occupation names the plan accepts, offered as the candidate types.
#[component]
fn OccupationList(id: &'static str, plan: Memo<&'static Plan>) -> impl IntoView {
    view! {
        <datalist id=id>
            {move || plan.get().accepted_occupations().into_iter().map(|n| view! { <option value=n></option> }).collect_view()}
        </datalist>
    }
}

#[component]
fn CertificateEditor(answers: RwSignal<Answers>, plan: Memo<&'static Plan>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let errors = expect_context::<Errors>();
    view! {
        <p class="pc-hint">{move || tr(lang.get(),
            "填写已取得的职业资格证书或职业技能等级证书（本职业或相关职业）。",
            "Enter the vocational qualification or skill-level certificates you hold (this or a related occupation).")}</p>
        <OccupationList id=OCCUPATION_LIST plan=plan />
        {entry_list(lang, Entries { answers, list: |a| &a.certificates, list_mut: |a| &mut a.certificates },
            EntryLabels { prefix: "certificates", heading: ("证书", "Certificate"), add: ("＋ 添加证书", "+ Add a certificate") }, move |c: Entry<CertificateAnswer>| {
            let i = c.index;
            view! {
                {field(lang, errors, format!("certificates-{i}-occupation"), ("证书上的职业", "Occupation on the certificate"), None, Kind::Listed(OCCUPATION_LIST), c.text(|c| &c.occupation), c.set_text(|c| &mut c.occupation))}
                {select(lang, format!("certificates-{i}-level"), ("等级", "Level"), level_options(), c.text(|c| &c.level), c.set_text(|c| &mut c.level))}
                {field(lang, errors, format!("certificates-{i}-issued"), ("发证日期", "Issue date"), None, Kind::Date, c.text(|c| &c.issued), c.set_text(|c| &mut c.issued))}
            }
            .into_any()
        })}
    }
}

#[component]
fn TitleEditor(answers: RwSignal<Answers>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let errors = expect_context::<Errors>();
    view! {
        <p class="pc-hint">{move || tr(lang.get(), "职称（专业技术人员职业资格），它的专业要和你申报的职业对得上才算。", "Professional titles; they count only if their field fits the occupation you apply for.")}</p>
        {entry_list(lang, Entries { answers, list: |a| &a.titles, list_mut: |a| &mut a.titles },
            EntryLabels { prefix: "titles", heading: ("职称", "Title"), add: ("＋ 添加职称", "+ Add a title") }, move |t: Entry<TitleAnswer>| {
            let i = t.index;
            view! {
                {select(lang, format!("titles-{i}-rank"), ("级别", "Rank"), TitleRank::ALL.iter().map(|r| (r.name().into(), r.name().into())).collect(), t.text(|t| &t.rank), t.set_text(|t| &mut t.rank))}
                {field(lang, errors, format!("titles-{i}-issued"), ("取得日期", "Date obtained"), None, Kind::Date, t.text(|t| &t.issued), t.set_text(|t| &mut t.issued))}
                {yes_no(lang, format!("titles-{i}-field_matches"), ("这个职称的专业和你申报的职业对得上吗？", "Does this title's field fit the occupation you apply for?"),
                    ("看职称证书上的专业：和申报职业做的是同一类工作就选“是”（例如申报电子商务师，持有电子商务专业的职称）；明显是另一行就选“否”（例如会计、护理专业的职称申报电子商务师）。指南没有给出对应名单，拿不准请先问评价机构。",
                     "Look at the field on the title certificate: the same kind of work as the occupation is yes (an e-commerce title for 电子商务师); plainly another trade is no (an accounting or nursing title for 电子商务师). The guide gives no list: if unsure, ask the organiser first."),
                    move || t.read(|t| t.field_matches), move |v| t.edit(|t| t.field_matches = Some(v)))}
            }
            .into_any()
        })}
    }
}

#[component]
fn EducationEditor(answers: RwSignal<Answers>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let errors = expect_context::<Errors>();
    let schools: Vec<(String, String)> = SchoolType::ALL
        .iter()
        .map(|s| (s.name().to_string(), s.name().to_string()))
        .collect();
    view! {
        <p class="pc-hint">{move || tr(lang.get(), "技工院校、职业院校或高校的学历；所学专业按毕业证书填写。", "Your school record; the major as on the diploma.")}</p>
        {entry_list(lang, Entries { answers, list: |a| &a.education, list_mut: |a| &mut a.education },
            EntryLabels { prefix: "education", heading: ("学历", "School"), add: ("＋ 添加学历", "+ Add a school record") }, move |e: Entry<EducationAnswer>| {
            let i = e.index;
            view! {
                {select(lang, format!("education-{i}-school"), ("学校类型", "School type"), schools.clone(), e.text(|e| &e.school), e.set_text(|e| &mut e.school))}
                {field(lang, errors, format!("education-{i}-major"), ("所学专业", "Major"), None, Kind::Text, e.text(|e| &e.major), e.set_text(|e| &mut e.major))}
                {tick(lang, format!("education-{i}-enrolled"), ("在校应届，尚未取得毕业证书", "Final-year student, no diploma yet"), move || e.read(|e| e.enrolled), move |on| e.edit(|e| e.enrolled = on))}
                <Show when=move || !e.read(|e| e.enrolled)>
                    {field(lang, errors, format!("education-{i}-graduated"), ("毕业日期", "Graduation date"), None, Kind::Date, e.text(|e| &e.graduated), e.set_text(|e| &mut e.graduated))}
                </Show>
                {select(lang, format!("education-{i}-class"), ("班级（技师学院）", "Class (technician college)"), TechnicianClass::ALL.iter().map(|c| (c.name().into(), c.name().into())).collect(), e.text(|e| &e.class), e.set_text(|e| &mut e.class))}
            }
            .into_any()
        })}
    }
}

#[component]
fn TrainingEditor(answers: RwSignal<Answers>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let errors = expect_context::<Errors>();
    view! {
        <p class="pc-hint">{move || tr(lang.get(), "职业技能正规培训（须取得结业证书）。", "Formal vocational training (with a certificate of completion).")}</p>
        {entry_list(lang, Entries { answers, list: |a| &a.training, list_mut: |a| &mut a.training },
            EntryLabels { prefix: "training", heading: ("培训", "Training"), add: ("＋ 添加培训", "+ Add training") }, move |t: Entry<TrainingAnswer>| {
            let i = t.index;
            view! {
                {field(lang, errors, format!("training-{i}-occupation"), ("培训的职业", "Occupation trained for"), None, Kind::Text, t.text(|t| &t.occupation), t.set_text(|t| &mut t.occupation))}
                {select(lang, format!("training-{i}-level"), ("培训等级", "Level"), level_options(), t.text(|t| &t.level), t.set_text(|t| &mut t.level))}
                {field(lang, errors, format!("training-{i}-hours"), ("标准学时", "Standard hours"), None, Kind::Number, t.text(|t| &t.hours), t.set_text(|t| &mut t.hours))}
                {yes_no(lang, format!("training-{i}-certificate"), ("取得结业证书了吗？", "Did you get the certificate of completion?"),
                    ("培训结束、考核通过后由培训机构发的证书（结业证书）。只上过课、还没拿到证书的选“否”。",
                     "The certificate the training body gives after the course and its assessment (结业证书). Attended but no certificate yet: no."),
                    move || t.read(|t| t.certificate), move |v| t.edit(|t| t.certificate = Some(v)))}
            }
            .into_any()
        })}
    }
}

#[component]
fn IdentityEditor(answers: RwSignal<Answers>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let errors = expect_context::<Errors>();
    view! {
        <p class="pc-hint">{move || tr(lang.get(),
            "用于检查填写是否有误。身份证号只保留在本页，除非你勾选保存；不会上传。",
            "Used to check the form for mistakes. The ID number stays on this page unless you choose to save it; nothing is uploaded.")}</p>
        {field(lang, errors, "id_number".into(), ("身份证号", "ID card number"), Some(("18 位，末位可能是 X", "18 characters; the last may be X")), Kind::Text,
            move || answers.with(|a| a.id_number.clone()), move |v| answers.update(|a| a.id_number = v))}
        {tick(lang, "keep_id_number".into(), ("在本机保存身份证号（下次打开仍在）", "Keep the ID number on this device"),
            move || answers.with(|a| a.keep_id_number), move |on| answers.update(|a| a.keep_id_number = on))}
        {field(lang, errors, "phone".into(), ("手机号", "Mobile number"), None, Kind::Number,
            move || answers.with(|a| a.phone.clone()), move |v| answers.update(|a| a.phone = v))}
        {field(lang, errors, "as_of".into(), ("申报表签字日期", "Signing date of the form"), Some(("不填则按今天计算；年限按提交报名之日计算，最终以评价机构审核为准。", "Blank means today; years are counted to the day you submit, the organiser's review decides.")), Kind::Date,
            move || answers.with(|a| a.as_of.clone()), move |v| answers.update(|a| a.as_of = v))}
    }
}
